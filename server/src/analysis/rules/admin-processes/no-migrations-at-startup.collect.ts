/**
 * What `admin-processes/no-migrations-at-startup` gathers from each TS/JS file in the engine's one
 * walk: the calls and options that migrate or sync a schema (knowledge/migrations.ts), where each runs
 * (module load, a named function, never a per-request handler) and the switch it sits behind, plus the
 * file's calls and loads behind switches. Plain data, judged across files by the rule's program check.
 */
import * as ts from 'typescript';
import type { Range } from '../../finding';
import type { CollectContext, FactsCollector } from '../../rule';
import { moduleBindings, propertyNameText, unwrapExpression } from '../../languages/typescript/imports';
import {
  childProcessMigrationOf,
  migrationOf,
  runnerKind,
  schemaOptionOf,
  type MigrationKind,
  type Runners,
} from '../../knowledge/migrations';
import { gateOf, maySwitch, runContext, SwitchTracker, type Gate } from '../../knowledge/startup';
import type { GatedFacts } from '../../knowledge/processes';
import { identifierWords } from '../../secrets/names';
import { escapeRegExp } from '../../text';
import { statementShape, type StatementShape } from '../../knowledge/switchFix';

export interface MigrationSite {
  kind: MigrationKind;
  label: string;
  range: Range;
  container?: string;
  frameworkCalled?: true;
  gate?: Gate;
  /** A schema sync meant for development (Sequelize sync, TypeORM synchronize). */
  devSync?: true;
  /** The statement (for a call), when a switch can be put around it. */
  statement?: StatementShape;
  /** The value's range (for an option such as `synchronize: true`), to rewrite it. */
  value?: Range;
}

export interface MigrationFacts extends GatedFacts {
  sites?: MigrationSite[];
}

/** Migration and schema-sync APIs and commands by the words they cannot do without. */
const MIGRATION_WORDS =
  /migrat|\.sync\s*\(|synchroni[sz]e|dropSchema|syncIndexes|updateSchema|createSchema|refreshDatabase|umzug|db\s+push|schema:sync|dbmate|drizzle-kit|['"](?:ley|postgres-shift|marv\/api\/\w+)['"]/i;

/** The files the collector may find something in (the rest get their program facts from a token scan). */
export function migrationPrefilter(text: string): boolean {
  return MIGRATION_WORDS.test(text) || maySwitch(text);
}

/** Keys of per-environment config maps whose blocks never run in production. */
const NON_PRODUCTION_KEY = /^(?:dev|develop|development|test|testing|local|e2e|ci|debug)$/i;

/** `...devConfig` or `Object.assign({}, devConfig, …)`: the object is also the base of another (production's, maybe). */
function extendsElsewhere(sourceFile: ts.SourceFile, name: string): boolean {
  const n = escapeRegExp(name);
  return new RegExp(`\\.\\.\\.\\s*${n}\\b|\\bassign\\s*\\([^)]*\\b${n}\\b|\\b(?:merge|defaults|extend)\\w*\\s*\\([^)]*\\b${n}\\b`).test(
    sourceFile.text,
  );
}

export function createMigrationCollector(ctx: CollectContext): FactsCollector {
  const { sourceFile } = ctx;
  const bindings = moduleBindings(sourceFile);
  const runners: Runners = new Map();
  const switches = new SwitchTracker(sourceFile);
  const sites: MigrationSite[] = [];

  const track = (name: string | undefined, init: ts.Expression | undefined) => {
    if (!name) return;
    const kind = runnerKind(init, bindings);
    if (kind) runners.set(name, kind);
  };

  const gateFor = (ancestors: readonly ts.Node[], node: ts.Node): Gate | undefined => {
    for (const a of ancestors) {
      if (ts.isPropertyAssignment(a) && NON_PRODUCTION_KEY.test(propertyNameText(a.name) ?? ''))
        return { kind: 'devOnly', text: `the ${propertyNameText(a.name)} block` };
      // `const devConfig: DataSourceOptions = { synchronize: true }` beside a `prodConfig`: options named for another environment.
      if (
        ts.isVariableDeclaration(a) &&
        ts.isIdentifier(a.name) &&
        a.initializer &&
        ts.isObjectLiteralExpression(unwrapExpression(a.initializer)) &&
        identifierWords(a.name.text).some((w) => NON_PRODUCTION_KEY.test(w)) &&
        !extendsElsewhere(sourceFile, a.name.text)
      )
        return { kind: 'devOnly', text: `the ${a.name.text} options` };
    }
    return gateOf(sourceFile, ancestors, node);
  };

  const record = (site: Omit<MigrationSite, 'range'>, node: ts.Node, range: Range, ancestors: readonly ts.Node[]) => {
    const context = runContext(ancestors);
    if (context.perEvent) return; // an admin endpoint or a per-message handler: not the start
    if (context.container === 'up' || context.container === 'down') return; // a migration's own step (or a runner's wrapper of it)
    const out: MigrationSite = { ...site, range };
    if (context.container) out.container = context.container;
    if (context.frameworkCalled) out.frameworkCalled = true;
    const gate = gateFor(ancestors, node);
    if (gate) out.gate = gate;
    sites.push(out);
  };

  return {
    visitors: {
      [ts.SyntaxKind.ImportDeclaration]: (node: ts.ImportDeclaration) => {
        if (ts.isStringLiteral(node.moduleSpecifier)) switches.load(node.moduleSpecifier.text);
      },
      [ts.SyntaxKind.ArrayLiteralExpression]: (node: ts.ArrayLiteralExpression) => {
        const ancestors = [...ctx.ancestors(), node];
        for (const element of node.elements)
          if (ts.isIdentifier(element) || ts.isPropertyAccessExpression(element)) switches.reference(element, ancestors);
      },
      [ts.SyntaxKind.VariableDeclaration]: (node: ts.VariableDeclaration) => {
        if (ts.isIdentifier(node.name)) track(node.name.text, node.initializer);
      },
      [ts.SyntaxKind.PropertyDeclaration]: (node: ts.PropertyDeclaration) => {
        if (ts.isIdentifier(node.name)) track(`this.${node.name.text}`, node.initializer);
      },
      [ts.SyntaxKind.BinaryExpression]: (node: ts.BinaryExpression) => {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        if (ts.isIdentifier(node.left)) track(node.left.text, node.right);
        else if (ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword)
          track(`this.${node.left.name.text}`, node.right);
      },
      [ts.SyntaxKind.PropertyAssignment]: (node: ts.PropertyAssignment) => {
        const ancestors = ctx.ancestors();
        const object = ancestors[ancestors.length - 1];
        if (!object || !ts.isObjectLiteralExpression(object)) return;
        const option = schemaOptionOf(sourceFile, node, object, bindings);
        if (!option) return;
        const site: Omit<MigrationSite, 'range'> = { kind: option.kind, label: option.label, value: ctx.rangeOf(node.initializer) };
        if (option.devSync) site.devSync = true;
        record(site, node, ctx.rangeOf(node), ancestors);
      },
      [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
        const ancestors = ctx.ancestors();
        switches.call(node, ancestors);
        const migration = migrationOf(sourceFile, node, bindings, runners) ?? childProcessMigrationOf(sourceFile, node, bindings);
        if (!migration) return;
        const site: Omit<MigrationSite, 'range'> = { kind: migration.kind, label: migration.label };
        if (migration.devSync) site.devSync = true;
        const statement = statementShape(sourceFile, ancestors, node);
        if (statement) site.statement = statement;
        record(site, node, ctx.rangeOfOffsets(node.getStart(sourceFile), node.expression.getEnd()), ancestors);
      },
    },
    finish(): MigrationFacts | undefined {
      const facts: MigrationFacts = { ...switches.finish() };
      if (sites.length) facts.sites = sites;
      return Object.keys(facts).length ? facts : undefined;
    },
  };
}
