/**
 * The commands a hosting platform's own file runs for a service, besides the Procfile and fly.toml: Render's
 * blueprint (`render.yaml`), Heroku's `heroku.yml`, Railway's `railway.json`, App Engine's `app.yaml` (a Node
 * runtime), Cloud Foundry's `manifest.yml`, and the `command:` of a production compose file. Each command is
 * what every instance runs when it starts (role `start`), or what the platform runs once per release, before the
 * new instances start (`release`: Render's and Railway's `preDeployCommand`, heroku.yml's `release:`), the place a
 * migration belongs. Read from the uniform entries of a parsed YAML or JSON document, so a command keeps its
 * position in the file.
 */
import * as path from 'node:path';
import type { Range } from '../finding';
import type { ConfigEntry } from '../languages/config/document';
import { parseJson } from '../languages/config/json';
import { parseYaml } from '../languages/config/yaml';
import { shellScriptOfLine } from '../languages/dockerfile/shell';
import { PLATFORM_FILES } from '../languages/detect';
import { environmentOfFile, isProductionComposeName } from './backingServices';

export type PlatformRole = 'start' | 'release';

export interface PlatformCommand {
  /** The platform's file (absolute). */
  file: string;
  /** The platform, as a message names it: `Render`, `Heroku`, `Railway`, `App Engine`, `Cloud Foundry`, `Compose`. */
  platform: string;
  /** The process or service it starts (`web`, `api`), or '' when the file has one. */
  process: string;
  /** The kind of process it runs: `web`, or the platform's other types (Render's `worker`, heroku.yml's `run` key). */
  processType: string;
  role: PlatformRole;
  /** The shell text it runs. */
  command: string;
  /** The command line itself: the script of a `sh -c '…'` wrapper, and where it starts in `command`. */
  script: string;
  scriptShift: number;
  /** Offset of the command's first character in the file; exact only when `verbatim` (no escapes, one line). */
  offset: number;
  verbatim: boolean;
  /** The value as written, and its key. */
  range: Range;
  keyRange?: Range;
  /** The key of this service's release command, when the platform has one beside the start's (`preDeployCommand`). */
  releaseKey?: string;
  /** In a message: `render.yaml's startCommand of service "api"`. */
  where: string;
  /** Where a one-off command of each release goes on this platform. */
  releasePlace: string;
  /** Where a build goes on this platform. */
  buildPlace: string;
  /** The folder the command runs in, relative to the file's (Render's `rootDir`), or '' for the file's own. */
  rootDir: string;
}

type Path = readonly (string | number)[];

function same(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

function valueAt(entries: readonly ConfigEntry[], at: Path): string | undefined {
  const e = entries.find((x) => same(x.path, at));
  return e?.kind === 'string' ? e.value : undefined;
}

/** The commands of a platform file, from its parsed entries; [] for a file that is none of the platforms'. */
export function platformCommands(file: string, entries: readonly ConfigEntry[]): PlatformCommand[] {
  const base = path.basename(file);
  const out: PlatformCommand[] = [];
  const command = (
    e: ConfigEntry,
    c: Omit<
      PlatformCommand,
      'file' | 'command' | 'script' | 'scriptShift' | 'offset' | 'verbatim' | 'range' | 'keyRange' | 'processType'
    > & {
      processType?: string;
    },
  ): void => {
    if (e.kind !== 'string' || !e.value.trim()) return;
    out.push({
      ...c,
      processType: c.processType ?? 'web',
      file,
      command: e.value,
      ...scriptOf(e.value),
      offset: e.contentStart,
      verbatim: e.verbatim && !e.value.includes('\n'),
      range: e.valueRange,
      keyRange: e.keyRange,
    });
  };
  if (/^render\.ya?ml$/.test(base)) {
    // services: [{ type: web, name: api, startCommand, preDeployCommand, dockerCommand, rootDir }]
    const RELEASE = "Render's preDeployCommand (run once per deploy, before the new instances start)";
    const BUILD = "Render's buildCommand";
    for (const e of entries) {
      const [services, i, key] = e.path;
      if (services !== 'services' || typeof i !== 'number' || e.path.length !== 3) continue;
      if (key !== 'startCommand' && key !== 'dockerCommand' && key !== 'preDeployCommand') continue;
      const type = valueAt(entries, ['services', i, 'type']) ?? 'web';
      // A cron job runs on its schedule, as its own one-off process.
      if (type === 'cron') continue;
      const name = valueAt(entries, ['services', i, 'name']) ?? '';
      command(e, {
        platform: 'Render',
        process: name,
        processType: type === 'worker' ? 'worker' : 'web',
        role: key === 'preDeployCommand' ? 'release' : 'start',
        where: `${base}'s ${key}${name ? ` of ${type === 'worker' ? 'worker' : 'service'} "${name}"` : ''}`,
        releasePlace: RELEASE,
        buildPlace: BUILD,
        releaseKey: 'preDeployCommand',
        rootDir: valueAt(entries, ['services', i, 'rootDir']) ?? '',
      });
    }
  } else if (base === 'heroku.yml') {
    // run: { web: "cmd" | { command: ["cmd"] } }, release: { command: ["cmd"] }
    for (const e of entries) {
      const [section, type, key, index] = e.path;
      const role: PlatformRole | undefined = section === 'run' ? 'start' : section === 'release' ? 'release' : undefined;
      if (!role) continue;
      const shape =
        role === 'start'
          ? typeof type === 'string' && (e.path.length === 2 || (key === 'command' && (e.path.length === 3 || typeof index === 'number')))
          : type === 'command' && e.path.length <= 3;
      if (!shape) continue;
      command(e, {
        platform: 'Heroku',
        process: role === 'start' ? String(type) : 'release',
        processType: role === 'start' ? String(type) : 'release',
        role,
        where: role === 'start' ? `heroku.yml's ${String(type)} process` : "heroku.yml's release phase",
        releasePlace: "heroku.yml's release: phase",
        buildPlace: "heroku.yml's build: section (the image build)",
        rootDir: '',
      });
    }
  } else if (base === 'railway.json') {
    // { deploy: { startCommand, preDeployCommand }, environments: { production: { deploy: { … } } } }
    for (const e of entries) {
      const p = e.path;
      const at = p[0] === 'environments' && typeof p[1] === 'string' ? 2 : 0;
      if (p[at] !== 'deploy' || (p[at + 1] !== 'startCommand' && p[at + 1] !== 'preDeployCommand')) continue;
      if (p.length !== at + 2 && !(p.length === at + 3 && typeof p[at + 2] === 'number')) continue;
      if (at === 2 && environmentOfFile(String(p[1])) === 'dev') continue;
      command(e, {
        platform: 'Railway',
        process: '',
        role: p[at + 1] === 'preDeployCommand' ? 'release' : 'start',
        where: `railway.json's ${String(p[at + 1])}${at === 2 ? ` (${String(p[1])})` : ''}`,
        releasePlace: "Railway's preDeployCommand (run once per deploy, before the new instances start)",
        releaseKey: 'preDeployCommand',
        buildPlace: "Railway's buildCommand",
        rootDir: '',
      });
    }
  } else if (/^app\.ya?ml$/.test(base)) {
    // App Engine: `runtime: nodejs20` and an `entrypoint:`.
    if (!/^nodejs/.test(valueAt(entries, ['runtime']) ?? '')) return out;
    for (const e of entries)
      if (same(e.path, ['entrypoint']))
        command(e, {
          platform: 'App Engine',
          process: '',
          role: 'start',
          where: "app.yaml's entrypoint",
          releasePlace: 'a step of the deploy pipeline before `gcloud app deploy` (or a Cloud Run job)',
          buildPlace: "the gcp-build script, which App Engine's build runs",
          rootDir: '',
        });
  } else if (/^manifest\.ya?ml$/.test(base)) {
    // Cloud Foundry: applications: [{ name, command }]
    for (const e of entries) {
      const [apps, i, key] = e.path;
      if (apps !== 'applications' || typeof i !== 'number' || key !== 'command' || e.path.length !== 3) continue;
      const name = valueAt(entries, ['applications', i, 'name']) ?? '';
      command(e, {
        platform: 'Cloud Foundry',
        process: name,
        role: 'start',
        where: `${base}'s command${name ? ` of application "${name}"` : ''}`,
        releasePlace: 'a Cloud Foundry task (`cf run-task`) run once per release',
        buildPlace: "the buildpack's build (the heroku-postbuild or build script)",
        rootDir: '',
      });
    }
  } else if (isProductionComposeName(file)) {
    // services: { api: { command: "…" | ["sh", "-c", "…"] } }
    for (const e of entries) {
      const [services, name, key, index] = e.path;
      if (services !== 'services' || typeof name !== 'string' || key !== 'command') continue;
      if (e.path.length === 4) {
        // The exec form: only a shell's script (`["sh", "-c", "<script>"]`) is a command line of its own.
        const shell = valueAt(entries, ['services', name, 'command', 0]) ?? '';
        if (typeof index !== 'number' || index !== 2 || !/^(?:\/bin\/)?(?:ba)?sh$/.test(shell)) continue;
        if (valueAt(entries, ['services', name, 'command', 1]) !== '-c') continue;
      } else if (e.path.length !== 3) continue;
      command(e, {
        platform: 'Compose',
        process: name,
        role: 'start',
        where: `${base}'s command of service "${name}"`,
        releasePlace:
          'a one-off service of the same image run before the rollout (`docker compose run --rm`), or a job of your orchestrator',
        buildPlace: 'the image build (a RUN step of its Dockerfile)',
        rootDir: '',
      });
    }
  }
  return out;
}

function scriptOf(command: string): { script: string; scriptShift: number } {
  const { text, shift } = shellScriptOfLine(command);
  return { script: text, scriptShift: shift };
}

/** The start commands of the platform files in `dir` that run in `dir` itself (not in another folder by Render's `rootDir`). */
export function platformStartsIn(dir: string, read: (file: string) => string | undefined): PlatformCommand[] {
  return platformCommandsIn(dir, read).filter((c) => c.role === 'start' && path.resolve(dir, c.rootDir) === dir);
}

/** Each platform file's commands, kept with the text they were read from: a package's starts are asked for many times. */
const parsed = new Map<string, { text: string; commands: PlatformCommand[] }>();

/** The platform commands of the files in `dir` (PLATFORM_FILES; not compose files), read through `read`. */
function platformCommandsIn(dir: string, read: (file: string) => string | undefined): PlatformCommand[] {
  const out: PlatformCommand[] = [];
  for (const name of PLATFORM_FILES) {
    const file = path.join(dir, name);
    const text = read(file);
    if (text === undefined) continue;
    let kept = parsed.get(file);
    if (kept?.text !== text) {
      const entries = name.endsWith('.json') ? parseJson(text).entries : parseYaml(text).entries;
      kept = { text, commands: platformCommands(file, entries) };
      parsed.set(file, kept);
    }
    out.push(...kept.commands);
  }
  return out;
}
