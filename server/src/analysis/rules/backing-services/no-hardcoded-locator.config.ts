/**
 * Per-environment client configs (knexfile, Sequelize `config/config.{js,json}`, `config/database.js`,
 * ormconfig): `{ development: { client, connection }, production: { … } }`. Each production block is a
 * client's configuration; a literal host in it is the deployed locator written in the code.
 */
import * as path from 'node:path';
import type * as ts from 'typescript';
import { perStatement } from '../../languages/typescript/visit';
import { environmentOfName, kindOfDialect, type ServiceKind } from '../../knowledge/backingServices';
import type { Resolver, Source } from '../../facts/valueSource';
import { judgeLocator, type LocatorLiteral } from './no-hardcoded-locator.judge';
import type { ClientSpec } from '../../knowledge/backingServices';

const CONFIG_SPEC: ClientSpec = { modules: [], paths: [], invoke: 'any', kind: 'sql', args: [{ index: 0, as: 'options' }] };

/** Keys of a database client's configuration. */
function isDatabaseConfig(block: Source): block is Source & { k: 'obj' } {
  if (block.k !== 'obj') return false;
  const keys = Object.keys(block.props);
  const has = (k: string) => keys.includes(k);
  if (has('client') || has('dialect') || has('use_env_variable') || (has('connection') && !has('handler'))) return true;
  if (has('type') && block.props.type.k === 'str' && kindOfDialect(block.props.type.v)) return true;
  return has('host') && (has('database') || has('username') || has('user') || has('db') || has('password'));
}

function kindOfBlock(block: Source & { k: 'obj' }): ServiceKind {
  for (const key of ['client', 'dialect', 'type']) {
    const v = block.props[key];
    if (v?.k === 'str') {
      const kind = kindOfDialect(v.v);
      if (kind) return kind;
    }
  }
  return 'sql';
}

interface ConfigLocator {
  literal: LocatorLiteral;
  kind: ServiceKind;
  /** `production`, or the file's name for a one-environment config (knexfile). */
  block: string;
}

/** Whether the file's exported config is a client config by name (a knexfile, an ormconfig). */
function isClientConfigFile(file: string): boolean {
  return /^(?:knexfile|ormconfig|database\.config|db\.config)\.[cm]?[jt]s$/i.test(path.basename(file));
}

/**
 * The names environmentOfName() takes for production, with the separators it ignores allowed between
 * letters: `production`, `pre-prod`, `STAGING`, `live`, `release`, `U.A.T`.
 */
const PRODUCTION_NAME = new RegExp(['prod', 'stag', 'live', 'release', 'uat'].map((word) => word.split('').join('[-_.]*')).join('|'), 'i');

const productionNamed = new WeakMap<ts.Node, boolean>();

/**
 * False promises configLocators() finds nothing in this file's exported value, whatever it is: it
 * judges only a client config file by name, or a block under a production key, whose name is then
 * written in the text (or spelled with an escape: a statement holding a backslash always passes).
 * Saves describing every export of a file on each keystroke (~5 ms at 10,000 lines); the test is kept
 * per top-level statement (perStatement), so a keystroke scans only the statement it changed.
 */
export function mayHoldConfigLocators(file: string, sourceFile: ts.SourceFile): boolean {
  if (isClientConfigFile(file)) return true;
  const text = sourceFile.text;
  return perStatement(sourceFile, productionNamed, (statement) => {
    const written = text.slice(statement.pos, statement.end);
    // A name or a key may be written with escapes (`'pro\u0064uction'`, `\u0070rod`): then anything goes.
    return written.includes('\\') || PRODUCTION_NAME.test(written);
  }).includes(true);
}

/** Hardcoded production locators in a module's exported per-environment client configs. */
export function configLocators(value: Source | undefined, file: string, resolve?: Resolver): ConfigLocator[] {
  if (!value || value.k !== 'obj') return [];
  const out: ConfigLocator[] = [];
  const judge = (block: Source & { k: 'obj' }, name: string) => {
    if (block.props.use_env_variable) return;
    const kind = kindOfBlock(block);
    const judgement = judgeLocator(CONFIG_SPEC, [{ argument: CONFIG_SPEC.args[0], source: block }], { file, resolve });
    for (const literal of judgement.literals) out.push({ literal, kind, block: name });
  };
  const entries = Object.entries(value.props);
  const envKeyed = entries.filter(([k]) => environmentOfName(k) !== undefined);
  if (envKeyed.length && envKeyed.length >= entries.length / 2) {
    for (const [key, block] of envKeyed) if (environmentOfName(key) === 'prod' && isDatabaseConfig(block)) judge(block, key);
  } else if (isClientConfigFile(file) && isDatabaseConfig(value)) {
    judge(value, 'client');
  }
  return out;
}
