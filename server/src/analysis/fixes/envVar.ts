/** The "move this literal to the environment" fix, shared by the code and Dockerfile rules. */
import * as path from 'node:path';
import type { EnsureLineChange } from '../finding';

/** Environment variables the shell or the system sets, that a fix must not read a secret from. */
const RESERVED_ENV: Record<string, string> = { PWD: 'PASSWORD', USER: 'APP_USER', HOME: 'APP_HOME', PATH: 'APP_PATH', SHELL: 'APP_SHELL' };

/** `stripeKey` → `STRIPE_KEY`, `db-password` → `DB_PASSWORD`, `apiKey2` → `API_KEY2`. */
export function envVarName(identifier: string): string {
  const name = identifier
    .replace(/^[#_$]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  // Names the shell or the OS already give a meaning (`pwd` → PWD, the working directory): a password's name instead.
  const taken = RESERVED_ENV[name];
  if (taken) return taken;
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

function envExampleFile(root: string): string {
  return path.join(root, '.env.example');
}

/** Adds `NAME=` to the workspace's `.env.example` (created if missing, never duplicated, never with the value). */
export function envExampleChange(root: string, name: string): EnsureLineChange {
  return { kind: 'ensureLine', file: envExampleFile(root), line: `${name}=`, presentIfLineStartsWith: `${name}=` };
}
