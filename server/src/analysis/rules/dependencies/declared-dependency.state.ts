/** What one judgement of `dependencies/declared-dependency` reads once and shares: manifests, tsconfigs, lockfiles, bundling. */
import type { ProgramContext } from '../../rule';
import type { TsConfigInfo } from '../../facts/entryPoints';
import { ManifestReader } from '../../knowledge/manifest';
import { findLockfile, type Lockfile } from '../../knowledge/lockfiles';

export const RULE_ID = 'dependencies/declared-dependency';

export interface CheckState {
  context: ProgramContext;
  manifests: ManifestReader;
  tsconfigs: Map<string, TsConfigInfo | undefined>;
  /** The configs that apply in a folder (configsOf in declared-dependency.check.ts). */
  configsByDir: Map<string, TsConfigInfo[]>;
  lockfiles: Map<string, Lockfile | undefined>;
  bundled: Map<string, boolean>;
  /** A bundle's packages left external by name (webpack's `externals: { 'isolated-vm': … }`), by the same key as `bundled`. */
  externals: Map<string, ReadonlySet<string>>;
  /** Runtime files by entry file. */
  runtime: Map<string, { order: string[]; devOnly: Set<string> }>;
}

export function createState(context: ProgramContext): CheckState {
  return {
    context,
    manifests: new ManifestReader(context.root, (f) => context.readFile(f)),
    tsconfigs: new Map(),
    configsByDir: new Map(),
    lockfiles: new Map(),
    bundled: new Map(),
    externals: new Map(),
    runtime: new Map(),
  };
}

/** The lockfile governing a package folder (its own or a workspace root's). */
export function lockfileOf(state: CheckState, dir: string): Lockfile | undefined {
  if (!state.lockfiles.has(dir))
    state.lockfiles.set(
      dir,
      findLockfile(dir, state.context.root, (f) => state.context.readFile(f)),
    );
  return state.lockfiles.get(dir);
}
