/**
 * The configuration of every file of a workspace folder, as ESLint's cascading configs: the
 * `.twelvefactorrc.json` of the folder root, then of each subfolder down to the file's own folder,
 * each on top of the one above it (a layer with `"root": true` starts afresh), then the editor's
 * settings on top of all. Globs of a nested file are relative to its folder. The one loader of the
 * workspace session: the editor, the report and the CLI see the same configuration.
 */
import * as path from 'node:path';
import { isInside, relativePath } from '../paths';
import {
  CONFIG_FILE_NAME,
  applyLayer,
  defaultConfig,
  mergeConfig,
  parseConfigLayer,
  type ConfigLayer,
  type ConfigProblem,
  type ResolvedConfig,
  type RuleCatalogEntry,
  type RuleConfig,
} from './config';

/** The editor's settings (twelveFactor.rules, twelveFactor.exclude), applied on top of every config file. */
export interface ConfigOverrides {
  rules?: Record<string, RuleConfig>;
  ignore?: string[];
}

interface ConfigSetOptions {
  /** A config file to use instead of the root's own `.twelvefactorrc.json` (the CLI's --config); its globs are relative to the root. */
  explicitFile?: string;
  overrides?: ConfigOverrides;
  rules?: readonly RuleCatalogEntry[];
}

interface Loaded {
  layer: ConfigLayer;
  problems: ConfigProblem[];
}

export class ConfigSet {
  /** dir → its config file's layer, or null when it has none. */
  private readonly layers = new Map<string, Loaded | null>();
  /** dir → the layers resolved down to it (without the editor's settings). */
  private readonly chains = new Map<string, ResolvedConfig>();
  /** dir → the final configuration. */
  private readonly resolved = new Map<string, ResolvedConfig>();

  constructor(
    readonly root: string,
    private readonly read: (file: string) => string | undefined,
    private options: ConfigSetOptions = {},
  ) {}

  /** The configuration of a file (by its folder). Files outside the root get the root's. */
  forFile(file: string): ResolvedConfig {
    return this.forDir(path.dirname(file));
  }

  forDir(dir: string): ResolvedConfig {
    const at = isInside(this.root, dir) ? dir : this.root;
    let config = this.resolved.get(at);
    if (!config) {
      const overrides = this.options.overrides;
      config = overrides ? mergeConfig(this.chain(at), overrides) : this.chain(at);
      this.resolved.set(at, config);
    }
    return config;
  }

  private chain(dir: string): ResolvedConfig {
    let config = this.chains.get(dir);
    if (config) return config;
    const loaded = this.layerAt(dir);
    const prefix = relativePath(this.root, dir);
    if (dir === this.root || !isInside(this.root, dir)) {
      config = loaded ? applyLayer(defaultConfig(), loaded.layer, '') : defaultConfig();
    } else {
      const base = loaded?.layer.root ? defaultConfig() : this.chain(path.dirname(dir));
      config = loaded ? applyLayer(base, loaded.layer, prefix) : base;
    }
    this.chains.set(dir, config);
    return config;
  }

  /** The layer of a folder's config file (read once until invalidated). */
  layerAt(dir: string): Loaded | null {
    if (this.layers.has(dir)) return this.layers.get(dir)!;
    const file = dir === this.root && this.options.explicitFile ? this.options.explicitFile : path.join(dir, CONFIG_FILE_NAME);
    const text = this.read(file);
    let loaded: Loaded | null = null;
    if (text !== undefined) loaded = parseConfigLayer(file, text, this.options.rules);
    else if (file === this.options.explicitFile) {
      loaded = {
        layer: { file, rules: {} },
        problems: [
          { file, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }, message: `Cannot read the config file ${file}.` },
        ],
      };
    }
    this.layers.set(dir, loaded);
    return loaded;
  }

  /** Problems of every config file read so far, by file. */
  problems(): ConfigProblem[] {
    const out: ConfigProblem[] = [];
    for (const loaded of this.layers.values()) if (loaded) out.push(...loaded.problems);
    return out;
  }

  /** Config files read so far that exist. */
  files(): string[] {
    return [...this.layers.values()].filter((l): l is Loaded => !!l).map((l) => l.layer.file);
  }

  /** A config file (or the folder holding one) changed: it is read again, and every resolution is redone. */
  invalidate(configFile?: string): void {
    if (configFile) {
      const dir = configFile === this.options.explicitFile ? this.root : path.dirname(configFile);
      this.layers.delete(dir);
    } else this.layers.clear();
    this.chains.clear();
    this.resolved.clear();
  }

  setOverrides(overrides: ConfigOverrides | undefined): void {
    this.options = { ...this.options, overrides };
    this.resolved.clear();
  }
}
