/**
 * backing-services/no-hardcoded-locator in one TS/JS file: every client of the table
 * (knowledge/backingServices.ts) whose locator is a literal of this file — directly, through constants,
 * destructuring, config objects, templates and concatenations — on the paths production runs, and the
 * production blocks of per-environment client configs. Values from other modules are the program
 * check's (no-hardcoded-locator.program.ts); literals that also carry a password are the secret rule's.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Fix, Range } from '../../finding';
import type { TypeScriptCheck, TypeScriptContext, TypeScriptVisitors } from '../../rule';
import { envExampleChange } from '../../fixes/envVar';
import { moduleBindings, propertyNameText, unwrapExpression } from '../../languages/typescript/imports';
import { CLIENTS, SERVICES, environmentOfFile, isToolingPath, type ServiceKind } from '../../knowledge/backingServices';
import { branchEnvironment, clientCall, calleeVerdicts } from '../../facts/clients';
import type { StatementReads } from '../../languages/typescript/keptVerdicts';
import { mayReExport, moduleValue } from '../../facts/valueSource';
import { relativePath } from '../../paths';
import { defaultsToLocalhost, envNameFor, judgeLocator, shown, type LocatorLiteral } from './no-hardcoded-locator.judge';
import { configLocators, mayHoldConfigLocators } from './no-hardcoded-locator.config';
import { escapeRegExp } from '../../text';
import { portCall } from '../../facts/port';

/**
 * What the rule looks for, as text (a superset: a file with none has nothing to report): a client's
 * module specifier, quoted as imports name it, with the member that creates the client (`PrismaClient`,
 * `Pool`; `new` for constructors) — a file importing types from '@prisma/client' creates none —, a
 * production block of a per-environment config, or an exported locator-like value (below).
 */
const CLIENT_HINTS = CLIENTS.map((spec) => ({
  module: new RegExp(`['"\`](?:${spec.modules.map(escapeRegExp).join('|')})['"\`]`),
  members: spec.paths.some((p) => p.length === 0 || p.at(-1) === '()') ? [] : spec.paths.map((p) => p.at(-1)!),
  new: spec.invoke === 'new',
}));
const ENVIRONMENT_HINT = /knexfile|ormconfig|production|\bprod\b|staging|\bstage\b|\blive\b|release|preprod|\buat\b/i;

/**
 * Values a module may export for another's client (what mayBeLocator keeps): a URL, localhost, an
 * address or a dotted host name in quotes (not a module specifier such as 'big.js'), or a string under
 * a host-like name (`host: '…'`, `REDIS_URL = '…'`, `port: 5432`; not Angular's `templateUrl`). Files with no client
 * and no such export have no facts here and keep the engine's scan without a parse (lexicalFacts.ts).
 */
const EXPORTED_LOCATOR =
  /:\/\/|localhost|\d{1,3}(?:\.\d{1,3}){3}|(?<!(?:from|require\(|import\()\s*)['"`][a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?['"`]|(?<!style|template)(?:host|ur[il]|endpoint|broker|server|address|nodes?|protocol|scheme|port)\w*['"]?\s*[:=]\s*['"`[\d]/i;

/** Any client's module specifier, quoted: one pass over the text before the hints one by one. */
const ANY_CLIENT_MODULE = new RegExp(`['"\`](?:${CLIENTS.flatMap((spec) => spec.modules.map(escapeRegExp)).join('|')})['"\`]`);

/** The files this rule reads (the file check and the facts collector alike). */
export function mayHoldLocator(text: string): boolean {
  // The file check and the collector ask about the same text one after the other.
  if (text === lastText) return lastAnswer;
  lastAnswer = locatorHints(text);
  lastText = text;
  return lastAnswer;
}
let lastText: string | undefined;
let lastAnswer = false;

function locatorHints(text: string): boolean {
  if (ENVIRONMENT_HINT.test(text) || (/\bexports?\b/.test(text) && EXPORTED_LOCATOR.test(text)) || mayReExport(text)) return true;
  if (!ANY_CLIENT_MODULE.test(text)) return false;
  const constructs = /\bnew\b/.test(text);
  return CLIENT_HINTS.some(
    (h) => (!h.new || constructs) && (h.members.length === 0 || h.members.some((m) => text.includes(m))) && h.module.test(text),
  );
}

/** Code that reads NAME from the environment; in TypeScript, a missing variable fails at startup (the type stays `string`). */
function envExpression(envName: string, file: string): string {
  return /\.[cm]?tsx?$/i.test(file)
    ? `process.env.${envName} ?? (() => { throw new Error('${envName} is not set'); })()`
    : `process.env.${envName}`;
}

function locatorFix(file: string, root: string, range: Range, envName: string, newText: string): Fix {
  const title = /\.[cm]?tsx?$/i.test(file)
    ? `Read ${envName} from the environment, failing at startup when it is unset`
    : `Read ${envName} from the environment (process.env.${envName})`;
  return {
    title: `${title}, and add it to .env.example`,
    titleWithoutOptional: title,
    kind: 'suggestion',
    isPreferred: true,
    changes: [
      { kind: 'replace', file, range, newText },
      { ...envExampleChange(root, envName), optional: true },
    ],
  };
}

/** The data and fix of a finding on a literal locator. */
export function literalReport(literal: LocatorLiteral, kind: ServiceKind, client: string, root: string) {
  const envName = envNameFor(kind, literal.role, literal.site.name);
  const fixes = literal.whole
    ? [locatorFix(literal.site.file, root, literal.site.range, envName, envExpression(envName, literal.site.file))]
    : [];
  return {
    messageId: 'hardcodedLocator',
    data: { service: SERVICES[kind].label, value: shown(literal.role === 'url' ? literal.text : literal.host), client, envName },
    range: literal.site.range,
    fixes,
  };
}

/**
 * What a client call sits in, lower-cased, to tell a provider's own integration (no-hardcoded-locator.judge.ts):
 * the names of its enclosing classes, functions and variables, the file's path, and the words of its arguments
 * (`user: 'resend'`; not host names, which hold a dot).
 */
export function integrationOf(node: ts.Node, ancestors: readonly ts.Node[], relative = ''): string {
  // The file's path within the workspace (`providers/outlook365/outlook365.provider.ts`), never where the checkout lives.
  const words: string[] = [relative];
  for (const a of ancestors) {
    const name =
      (ts.isClassLike(a) || ts.isFunctionDeclaration(a) || ts.isMethodDeclaration(a) || ts.isVariableDeclaration(a)) && a.name
        ? propertyNameText(a.name)
        : undefined;
    if (name) words.push(name);
  }
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteralLike(n) && !n.text.includes('.') && n.text.length <= 40) words.push(n.text);
    ts.forEachChild(n, visit);
  };
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) node.arguments?.forEach(visit);
  // Words of camelCase names apart (`sesTransport` → `ses transport`).
  return words
    .join(' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** Files that are not what production runs: seeds, scripts, examples, a development-only config. */
export function isOutOfScope(root: string, file: string): boolean {
  const relative = relativePath(root, file);
  return isToolingPath(relative) || environmentOfFile(relative) === 'dev';
}

/**
 * Statements without a client (KeptVerdicts): on a keystroke only the changed statements are looked at
 * again. Whether a call creates a client follows from the statement, the module bindings and, for a
 * name called (`pgp(…)`), the factory call that name is initialized with elsewhere (calleeVerdicts); a
 * statement with a client is looked at every time (its locator is read through the file).
 */
const clientlessStatements = new WeakMap<ts.Node, StatementReads>();

const ownPortsIndex = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * Ports the file's own servers listen on, written as numbers: `netServer.listen(51883, '127.0.0.1')`,
 * `server.listen({ port: 1883 })`, `new WebSocketServer({ port: 8081 })`.
 */
function ownListenPorts(sourceFile: ts.SourceFile): Set<string> {
  const kept = ownPortsIndex.get(sourceFile);
  if (kept) return kept;
  const found = new Set<string>();
  ownPortsIndex.set(sourceFile, found);
  const bindings = moduleBindings(sourceFile);
  const visit = (node: ts.Node): void => {
    // The servers the port rule knows (facts/port.ts): `x.listen(51883)`, `listen({ port })`, `new WebSocketServer({ port })`.
    const start = ts.isCallExpression(node) || ts.isNewExpression(node) ? portCall(node, bindings) : undefined;
    let value = start?.argument && unwrapExpression(start.argument);
    for (const key of start && value && ts.isObjectLiteralExpression(value) && start.path.length === 0 ? ['port'] : (start?.path ?? [])) {
      const property =
        value && ts.isObjectLiteralExpression(value) ? value.properties.find((p) => p.name && propertyNameText(p.name) === key) : undefined;
      value = property && ts.isPropertyAssignment(property) ? unwrapExpression(property.initializer) : undefined;
    }
    if (value && ts.isNumericLiteral(value)) found.add(value.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/**
 * A loopback locator whose port a server of this same file listens on (`mqtt.connect('mqtt://127.0.0.1:51883')`
 * beside an in-process aedes broker's `listen(51883, '127.0.0.1')`): the process talks to itself, no attached
 * resource. A loopback port nothing here listens on (a Redis on the host) is still a locator.
 */
function toOwnServer(sourceFile: ts.SourceFile, text: string): boolean {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]):(\d{2,5})(?:[/?#]|$)/i.exec(text);
  return !!m && ownListenPorts(sourceFile).has(m[1]);
}

export const typescriptCheck: TypeScriptCheck = {
  prefilter: mayHoldLocator,
  create(context: TypeScriptContext): TypeScriptVisitors {
    if (isOutOfScope(context.root, context.file)) return {};
    const { sourceFile } = context;
    const bindings = moduleBindings(sourceFile);
    const describeContext = { sourceFile, bindings, rangeOfOffsets: (start: number, end: number) => context.rangeOfOffsets(start, end) };
    const reported = new Set<number>();
    const { kept, asked } = calleeVerdicts(clientlessStatements, context, bindings);

    const onClient = (node: ts.CallExpression | ts.NewExpression) => {
      if (kept.spared(context.ancestors(), node)) return;
      const client = clientCall(node, describeContext, asked);
      if (!client) return;
      kept.unkept();
      if (branchEnvironment(context.ancestors(), node, bindings) === 'dev') return;
      const judgement = judgeLocator(client.spec, client.args, {
        file: context.file,
        integration: integrationOf(node, context.ancestors(), relativePath(context.root, context.file)),
      });
      for (const literal of judgement.literals) {
        if (literal.via || literal.secret || literal.site.file !== context.file || reported.has(literal.site.start)) continue;
        if (toOwnServer(sourceFile, literal.text)) continue;
        reported.add(literal.site.start);
        context.report(literalReport(literal, client.kind, `${client.label}(…)`, context.root));
      }
      if (judgement.literals.length === 0 && !judgement.deferred && defaultsToLocalhost(client.spec, client.args)) {
        const envName = SERVICES[client.kind].urlEnv;
        const start = node.getStart(sourceFile);
        context.report({
          messageId: 'defaultLocator',
          data: { service: SERVICES[client.kind].label, client: `${client.label}(${node.arguments?.length ? '…' : ''})`, envName },
          range: context.rangeOfOffsets(start, node.end),
          fixes: implicitFix(node, client.spec.implicitFix, envName),
        });
      }
    };

    /** `new Redis()` → `new Redis(process.env.REDIS_URL …)`; `createClient({ … })` → `createClient({ url: …, … })`. */
    const implicitFix = (
      node: ts.CallExpression | ts.NewExpression,
      how: 'firstArgument' | 'urlOption' | undefined,
      envName: string,
    ): Fix[] => {
      const args = node.arguments ?? ts.factory.createNodeArray();
      const expression = envExpression(envName, context.file);
      const text = sourceFile.text;
      if (how === 'firstArgument' && args.length === 0) {
        const open = text.indexOf('(', node.expression.end);
        if (open < 0 || open >= node.end) return [];
        const at = context.rangeOfOffsets(open + 1, open + 1);
        return [locatorFix(context.file, context.root, at, envName, expression)];
      }
      if (how === 'urlOption') {
        if (args.length === 0) {
          const open = text.indexOf('(', node.expression.end);
          if (open < 0 || open >= node.end) return [];
          return [locatorFix(context.file, context.root, context.rangeOfOffsets(open + 1, open + 1), envName, `{ url: ${expression} }`)];
        }
        const first = unwrapExpression(args[0]);
        if (ts.isObjectLiteralExpression(first)) {
          const brace = first.getStart(sourceFile) + 1;
          const empty = first.properties.length === 0;
          return [
            locatorFix(
              context.file,
              context.root,
              context.rangeOfOffsets(brace, brace),
              envName,
              empty ? ` url: ${expression} ` : ` url: ${expression},`,
            ),
          ];
        }
      }
      return [];
    };

    return {
      [ts.SyntaxKind.CallExpression]: onClient,
      [ts.SyntaxKind.NewExpression]: onClient,
      onStatement: (statement) => kept.enter(statement),
      onEnd() {
        kept.end();
        // The production blocks of per-environment client configs defined (and exported) here.
        if (!mayHoldConfigLocators(context.file, sourceFile)) return;
        const value = moduleValue(describeContext, () => true);
        for (const { literal, kind, block } of configLocators(value, context.file)) {
          if (literal.via || literal.secret || literal.site.file !== context.file || reported.has(literal.site.start)) continue;
          reported.add(literal.site.start);
          context.report(literalReport(literal, kind, `the ${block} block of ${path.basename(context.file)}`, context.root));
        }
      },
    };
  },
};
