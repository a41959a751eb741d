/**
 * Fly.io's `fly.toml`, read with a TOML parser: which commands of an image it replaces. Its `[processes]` (or
 * `[experimental] cmd`) replace the image's CMD and run under Fly's init; `[experimental] entrypoint` replaces the
 * ENTRYPOINT, which otherwise still runs in front of them. `[build] dockerfile` names the image (`Dockerfile` beside it
 * by default).
 */
import * as path from 'node:path';
import type * as Toml from 'smol-toml' with { 'resolution-mode': 'import' };
import { isInside, relativePath } from '../paths';

// The package ships CommonJS too (its `require` export); its types are declared for `import` only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('smol-toml') as typeof Toml;

type Read = (file: string) => string | undefined;

/** A process of `[processes]` (or the `[experimental] cmd`): its name, its command, where its text starts in fly.toml. */
export interface FlyProcess {
  name: string;
  command: string;
  /** Offset of the command's text in the file (of its value's first character), or -1 when it was not found as written. */
  offset: number;
}

export interface FlyOverride {
  /** The manifest's path, relative to the root (`fly.toml`, `apps/api/fly.toml`). */
  manifest: string;
  /** Its absolute path. */
  file: string;
  /** The image's CMD is replaced. */
  cmd: boolean;
  /** The image's ENTRYPOINT is replaced too. */
  entrypoint: boolean;
  /** The commands Fly runs instead of the CMD. */
  processes: FlyProcess[];
}

function table(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A command written as a string or as a list of words (`["node", "server.js"]`). */
function commandText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string')) return value.join(' ');
  return undefined;
}

const parsed = new Map<string, { text: string; data: Record<string, unknown> | undefined }>();

function parseManifest(file: string, text: string): Record<string, unknown> | undefined {
  const kept = parsed.get(file);
  if (kept && kept.text === text) return kept.data;
  let data: Record<string, unknown> | undefined;
  try {
    data = table(parse(text));
  } catch {
    data = undefined; // Not valid TOML: Fly would refuse it too, so it replaces nothing.
  }
  if (parsed.size > 200) parsed.clear();
  parsed.set(file, { text, data });
  return data;
}

/** Where a command's text sits in the file (the first place it is written after its table's header). */
function offsetOf(text: string, header: RegExp, command: string): number {
  return text.indexOf(command, header.exec(text)?.index ?? 0);
}

/** An image's ENTRYPOINT and CMD with those a fly.toml replaces taken out: what of the image still runs. */
export function commandsUnder<T>(fly: FlyOverride | undefined, effective: { entrypoint?: T; cmd?: T }): { entrypoint?: T; cmd?: T } {
  return { entrypoint: fly?.entrypoint ? undefined : effective.entrypoint, cmd: fly?.cmd ? undefined : effective.cmd };
}

/**
 * The fly.toml, in the Dockerfile's folder or one above it (inside the root), that deploys this image and replaces
 * its CMD; undefined when there is none.
 */
export function flyOverrideOf(dockerfile: string, root: string, read: Read): FlyOverride | undefined {
  for (let dir = path.dirname(dockerfile); isInside(root, dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'fly.toml');
    const text = read(file);
    const data = text !== undefined ? parseManifest(file, text) : undefined;
    if (text !== undefined && data) {
      const build = table(data.build);
      const image = path.resolve(dir, typeof build?.dockerfile === 'string' ? build.dockerfile : 'Dockerfile');
      if (image === path.resolve(dockerfile)) {
        const processes: FlyProcess[] = [];
        for (const [name, value] of Object.entries(table(data.processes) ?? {})) {
          const command = commandText(value);
          if (command)
            processes.push({ name, command, offset: offsetOf(text, /^\[processes\]/m, typeof value === 'string' ? value : command) });
        }
        const experimental = table(data.experimental);
        const cmd = commandText(experimental?.cmd);
        if (cmd && !processes.length) processes.push({ name: 'cmd', command: cmd, offset: offsetOf(text, /^\[experimental\]/m, cmd) });
        const entrypoint = commandText(experimental?.entrypoint) !== undefined;
        if (processes.length || entrypoint)
          return { manifest: relativePath(root, file) || 'fly.toml', file, cmd: processes.length > 0, entrypoint, processes };
      }
    }
    if (dir === root || path.dirname(dir) === dir) break;
  }
  return undefined;
}
