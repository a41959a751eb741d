/**
 * `admin-processes/no-migrations-at-startup` in the commands that start a process: a Procfile line
 * (every process type but `release`), the start scripts of package.json (`start`, `start:prod`…, with
 * their `pre` hooks) and the final image's ENTRYPOINT/CMD (with the entrypoint script it runs, found
 * through the COPY that put it in the image). A migration that runs there before the app starts
 * (`prisma migrate deploy && node dist/main.js`, `npm run migrate && npm start`) is reported where it
 * is written. Package scripts are followed (`npm run migrate` → `knex migrate:latest`), except the start
 * scripts themselves, which the package.json check reports once.
 */
import * as path from 'node:path';
import type { Fix, Range } from '../../finding';
import type { ConfigCheck, ConfigContext, DockerfileCheck } from '../../rule';
import type { JsonDocument } from '../../languages/config/json';
import { isOneOffProcessType, type ProcfileDocument } from '../../languages/config/procfile';
import type { YamlDocument } from '../../languages/config/yaml';
import { platformCommands, type PlatformCommand } from '../../knowledge/platforms';
import { dockerModel, type CommandForm, type DockerModel } from '../../languages/dockerfile/model';
import { isShell, isShellScript, shellScriptFile, shellScriptIndex } from '../../languages/dockerfile/commands';
import { parseShell, shellScriptOfLine } from '../../languages/dockerfile/shell';
import { computeLineStarts, positionAt } from '../../text';
import { readChain, type MigrationHit } from '../../knowledge/migrations';
import { commandsUnder, flyOverrideOf } from '../../knowledge/fly';
import { isNonProductionFile } from '../../knowledge/startup';
import { relativePath } from '../../paths';

/** `Dockerfile.dev`, `relational.test.Dockerfile`, `Procfile.dev`, `dev/Dockerfile`: not what production runs. */
function nonProduction(root: string, file: string): boolean {
  return isNonProductionFile(relativePath(root, file));
}

/** Package scripts that start the service (the package.json check reports migrations in them). */
const START_SCRIPT_NAMES = ['start', 'start:prod', 'start:production', 'serve', 'prod', 'production'];

const COMMAND_PREFILTER =
  /migrat|db:push|db push|schema:sync|npm|yarn|pnpm|\.sh\b|dbmate|flyway|liquibase|sqitch|goose|atlas|ley|postgrator|\b(?:node|nodejs|tsx|ts-node|bun)\s+(?:-\S+\s+(?:[^-\s]\S*\s+)?)*[\w./-]+\.[cm]?[jt]s\b[^\n]*(?:&&|;)/i;

type Scripts = Record<string, string>;

function scriptsOf(text: string | undefined): Scripts | undefined {
  if (text === undefined) return undefined;
  try {
    const pkg = JSON.parse(text) as { scripts?: unknown };
    if (!pkg.scripts || typeof pkg.scripts !== 'object') return {};
    const out: Scripts = {};
    for (const [k, v] of Object.entries(pkg.scripts as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return undefined;
  }
}

/** The scripts of the nearest package.json at or above `dir` (within `root`). */
function nearestScripts(readFile: (f: string) => string | undefined, dir: string, root: string): Scripts {
  for (let d = dir, i = 0; i < 20; i++) {
    const scripts = scriptsOf(readFile(path.join(d, 'package.json')));
    if (scripts) return scripts;
    const rel = path.relative(root, d);
    if (d === root || rel.startsWith('..') || path.dirname(d) === d) break;
    d = path.dirname(d);
  }
  return {};
}

/** A script reader that leaves the start scripts to the package.json check (so each migration is reported once). */
/** A source file's text by a path relative to the first of `dirs` that holds it (where a command may run from). */
function sourceReader(host: { readFile(f: string): string | undefined }, ...dirs: string[]): (file: string) => string | undefined {
  return (file) => {
    for (const dir of dirs) {
      const text = host.readFile(path.join(dir, file));
      if (text !== undefined) return text;
    }
    return undefined;
  };
}

function follower(scripts: Scripts, exclude: readonly string[] = START_SCRIPT_NAMES): (name: string) => string | undefined {
  return (name) => (exclude.includes(name) || exclude.includes(name.replace(/^pre/, '')) ? undefined : scripts[name]);
}

function message(hit: MigrationHit): { command: string } {
  return { command: hit.label.length > 120 ? `${hit.label.slice(0, 119)}…` : hit.label };
}

/** The text between the end of the command at `hit` and the next command (`&& `, `; `), or undefined. */
function separatorAfter(text: string, hit: MigrationHit): { end: number } | undefined {
  const m = /^\s*(?:&&|;)\s*/.exec(text.slice(hit.end));
  return m && hit.end + m[0].length < text.length ? { end: hit.end + m[0].length } : undefined;
}

// ── Procfile ────────────────────────────────────────────────────────────────────────────────────

export const procfileCheck: ConfigCheck<ProcfileDocument> = {
  prefilter: (text) => COMMAND_PREFILTER.test(text),
  check(ctx) {
    if (nonProduction(ctx.root, ctx.file)) return;
    const scripts = nearestScripts((f) => ctx.host.readFile(f), path.dirname(ctx.file), ctx.root);
    const release = ctx.document.processes.find((p) => isOneOffProcessType(p.type));
    for (const process of ctx.document.processes) {
      if (isOneOffProcessType(process.type)) continue;
      const chain = readChain(process.command, follower(scripts), 0, sourceReader(ctx.host, path.dirname(ctx.file)));
      chain.beforeStart.forEach((hit, i) => {
        const fixes: Fix[] = [];
        const after = i === 0 && hit.start === firstCommandStart(process.command) ? separatorAfter(process.command, hit) : undefined;
        const moved = process.command.slice(hit.start, hit.end).trim();
        if (after && process.type === 'web') {
          const lineStart = ctx.rangeOfOffsets(process.commandStart, process.commandStart).start.line;
          fixes.push({
            title: release
              ? `Move ${message(hit).command} to the release: process`
              : `Run ${message(hit).command} in a release: process instead (once per release, before the new web processes start)`,
            kind: 'suggestion',
            changes: [
              {
                kind: 'replace',
                file: ctx.file,
                range: ctx.rangeOfOffsets(process.commandStart + hit.start, process.commandStart + after.end),
                newText: '',
              },
              release
                ? {
                    kind: 'replace',
                    file: ctx.file,
                    range: ctx.rangeOfOffsets(release.commandEnd, release.commandEnd),
                    newText: ` && ${moved}`,
                  }
                : {
                    kind: 'replace',
                    file: ctx.file,
                    range: { start: { line: lineStart, column: 0 }, end: { line: lineStart, column: 0 } },
                    newText: `release: ${moved}\n`,
                  },
            ],
          });
        }
        ctx.report({
          messageId: 'command',
          data: { ...message(hit), where: `the Procfile ${process.type}: process` },
          range: ctx.rangeOfOffsets(process.commandStart + hit.start, process.commandStart + hit.end),
          fixes,
        });
      });
    }
  },
};

function firstCommandStart(text: string): number {
  return parseShell(text).commands[0]?.start ?? 0;
}

// ── a platform's file (render.yaml, railway.json, heroku.yml, app.yaml, manifest.yml, a production compose file) ──

/** Migrations a hosting platform's start command runs before the app (knowledge/platforms.ts); its release command is their place. */
export const platformCheck: ConfigCheck<JsonDocument | YamlDocument> = {
  prefilter: (text) => COMMAND_PREFILTER.test(text),
  check(ctx) {
    if (nonProduction(ctx.root, ctx.file)) return;
    const commands = platformCommands(ctx.file, ctx.document.entries);
    for (const platform of commands) {
      if (platform.role !== 'start') continue;
      const dir = path.resolve(path.dirname(ctx.file), platform.rootDir);
      const follow = follower(nearestScripts((f) => ctx.host.readFile(f), dir, ctx.root));
      // `sh -c '… && node server.js'`: the shell's script is the chain.
      const { script: text, scriptShift: shift } = platform;
      readChain(text, follow, 0, sourceReader(ctx.host, dir)).beforeStart.forEach((hit, i) => {
        const released = commands.some((c) => c.role === 'release' && c.process === platform.process);
        ctx.report({
          messageId: 'platformCommand',
          data: { ...message(hit), where: platform.where, place: platform.releasePlace },
          range: platform.verbatim
            ? ctx.rangeOfOffsets(platform.offset + shift + hit.start, platform.offset + shift + hit.end)
            : platform.range,
          fixes: i === 0 && shift === 0 && !released ? releaseFix(ctx, platform, hit) : [],
        });
      });
    }
  },
};

/**
 * `startCommand: npx prisma migrate deploy && node dist/server.js` → the migration in a `preDeployCommand` of the same
 * service (Render's YAML, Railway's JSON), when it is the command's first and the platform has such a key.
 */
function releaseFix(ctx: ConfigContext<JsonDocument | YamlDocument>, platform: PlatformCommand, hit: MigrationHit): Fix[] {
  const key = platform.keyRange;
  if (!platform.releaseKey || !platform.verbatim || !key || hit.start !== firstCommandStart(platform.command)) return [];
  const after = separatorAfter(platform.command, hit);
  if (!after) return [];
  const moved = platform.command.slice(hit.start, hit.end).trim();
  const json = ctx.file.endsWith('.json');
  if (!json && !/^[\w@%+=,./ -]+$/.test(moved)) return [];
  const lines = ctx.text.split(/\r?\n/);
  const line = lines[key.start.line] ?? '';
  const indent = json ? '' : (/^[ \t]*(?:- )?/.exec(line)?.[0] ?? '').replace('- ', '  ');
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  // The key's line is the file's last and has no end of line: the new line goes after a new end of line.
  const last = key.start.line === lines.length - 1;
  const insertAt = json ? key.start : last ? { line: key.start.line, column: line.length } : { line: key.start.line + 1, column: 0 };
  return [
    {
      // The title names the migration, not the words in front of it (`DATABASE_URL=postgres://u:pw@… npx prisma …`).
      title: `Run ${message(hit).command} in ${platform.releaseKey} instead (once per deploy, before the new instances start)`,
      kind: 'suggestion',
      changes: [
        {
          kind: 'replace',
          file: ctx.file,
          range: ctx.rangeOfOffsets(platform.offset + hit.start, platform.offset + after.end),
          newText: '',
        },
        {
          kind: 'replace',
          file: ctx.file,
          range: { start: insertAt, end: insertAt },
          newText: json
            ? `${JSON.stringify(platform.releaseKey)}: ${JSON.stringify(moved)}, `
            : last
              ? `${eol}${indent}${platform.releaseKey}: ${moved}`
              : `${indent}${platform.releaseKey}: ${moved}${eol}`,
        },
      ],
    },
  ];
}

// ── package.json ────────────────────────────────────────────────────────────────────────────────

/** package.json's start scripts, and railway.json's commands. */
export const jsonCheck: ConfigCheck<JsonDocument> = {
  prefilter: (text) => COMMAND_PREFILTER.test(text),
  check: (ctx) => (path.basename(ctx.file) === 'package.json' ? packageJsonCheck(ctx) : platformCheck.check(ctx)),
};

function packageJsonCheck(ctx: ConfigContext<JsonDocument>): void {
  if (!/"scripts"/.test(ctx.text)) return;
  const scripts = scriptsOf(ctx.text);
  if (!scripts) return;
  const rangeIn = (name: string, hit?: MigrationHit): Range | undefined => {
    const entry = ctx.document.entries.find((e) => e.path.length === 2 && e.path[0] === 'scripts' && e.path[1] === name);
    if (!entry) return undefined;
    if (!hit || !entry.verbatim) return entry.valueRange;
    return ctx.rangeOfOffsets(entry.contentStart + hit.start, entry.contentStart + hit.end);
  };
  for (const name of START_SCRIPT_NAMES) {
    const body = scripts[name];
    if (body === undefined) continue;
    const follow = follower(
      scripts,
      START_SCRIPT_NAMES.filter((n) => n !== name),
    );
    const source = sourceReader(ctx.host, path.dirname(ctx.file));
    const main = readChain(body, (n) => (n === name ? undefined : follow(n)), 0, source);
    const reports: { script: string; hit: MigrationHit }[] = main.beforeStart.map((hit) => ({ script: name, hit }));
    const preBody = scripts[`pre${name}`];
    if (preBody !== undefined && main.startsApp) {
      const pre = readChain(preBody, follow, 0, source);
      reports.push(...[...pre.beforeStart, ...pre.pending].map((hit) => ({ script: `pre${name}`, hit })));
    }
    for (const { script, hit } of reports) {
      const range = rangeIn(script, hit);
      if (!range) continue;
      ctx.report({
        messageId: 'command',
        data: { ...message(hit), where: `the "${script}" script${script.startsWith('pre') ? ` (npm runs it before "${name}")` : ''}` },
        range,
        fixes: startScriptFix(ctx.file, ctx.document, scripts, script, hit),
      });
    }
  }
}

/** `"start": "npm run migrate && node dist/main.js"` → `"start": "node dist/main.js"`, with the migration kept as a `migrate` script. */
function startScriptFix(file: string, document: JsonDocument, scripts: Scripts, name: string, hit: MigrationHit): Fix[] {
  const body = scripts[name];
  const entry = document.entries.find((e) => e.path.length === 2 && e.path[0] === 'scripts' && e.path[1] === name);
  if (!entry?.verbatim || hit.start !== firstCommandStart(body)) return [];
  const after = separatorAfter(body, hit);
  if (!after) return [];
  const moved = body.slice(hit.start, hit.end).trim();
  const rest = body.slice(after.end);
  const runsScript = /^(?:npm|yarn|pnpm|bun)\s/.test(moved);
  const migrateName = ['migrate', 'db:migrate', 'migrate:deploy'].find((n) => scripts[n] === undefined || scripts[n] === moved);
  const changes: Fix['changes'] = [
    { kind: 'replace', file, range: document.rangeOf(entry.contentStart, entry.contentEnd), newText: JSON.stringify(rest).slice(1, -1) },
  ];
  if (!runsScript && migrateName && scripts[migrateName] === undefined) {
    const lineStart = document.text.lastIndexOf('\n', entry.contentStart) + 1;
    const indent = /^[ \t]*/.exec(document.text.slice(lineStart))![0];
    const end = document.rangeOf(entry.contentEnd + 1, entry.contentEnd + 1);
    changes.push({
      kind: 'replace',
      file,
      range: { start: end.start, end: end.start },
      newText: `,\n${indent}${JSON.stringify(migrateName)}: ${JSON.stringify(moved)}`,
    });
  }
  const script = runsScript ? moved : `npm run ${migrateName ?? 'migrate'}`;
  return [
    {
      title: `Take the migration out of "${name}" (run ${script} once per release: a Procfile release: line, a Kubernetes Job)`,
      kind: 'suggestion',
      changes,
    },
  ];
}

// ── Dockerfile ──────────────────────────────────────────────────────────────────────────────────

const PATH_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

export const dockerfileCheck: DockerfileCheck = {
  prefilter: (text) => /\b(?:cmd|entrypoint)\b/i.test(text),
  check(ctx) {
    if (nonProduction(ctx.root, ctx.file)) return;
    // A platform may run the image with commands of its own (fly.toml's [processes] in place of the CMD; its
    // release_command migrates): those are judged instead, the ENTRYPOINT still runs in front of them.
    const fly = flyOverrideOf(ctx.file, ctx.root, (f) => ctx.host.readFile(f));
    const model = dockerModel(ctx.dockerfile, ctx.text);
    if (!model.finalStage) return;
    const effective = model.effectiveCommand();
    const { entrypoint, cmd } = commandsUnder(fly, effective);
    const scripts = nearestScripts((f) => ctx.host.readFile(f), path.dirname(ctx.file), ctx.root);
    const follow = follower(scripts);
    if (fly?.cmd) {
      const flyText = ctx.host.readFile(fly.file) ?? '';
      const starts = computeLineStarts(flyText);
      // On the instruction Fly replaces (or the final stage's FROM), pointing at the process's line in fly.toml.
      const at = effective.cmd ? model.argsRange(effective.cmd.instruction) : model.argsRange(model.finalStage.from);
      for (const process of fly.processes) {
        // `sh -c '… && node server.js'`: the shell's script is the chain.
        const { text, shift } = shellScriptOfLine(process.command);
        for (const hit of readChain(text, follow).beforeStart) {
          const from = process.offset >= 0 ? process.offset + shift + hit.start : 0;
          const to = process.offset >= 0 ? process.offset + shift + hit.end : 0;
          ctx.report({
            messageId: 'command',
            data: { ...message(hit), where: `${fly.manifest}'s ${process.name} process (in place of this image's CMD)` },
            range: at,
            related: [
              {
                file: fly.file,
                range: { start: positionAt(starts, from), end: positionAt(starts, to) },
                message: `${hit.label} runs here, before the app starts.`,
              },
            ],
          });
        }
      }
    }
    const parts = entrypoint?.form === 'shell' ? [entrypoint] : [entrypoint, cmd];
    let pending: { form: CommandForm; hit: MigrationHit; related?: Related }[] = [];
    for (const form of parts) {
      if (!form) continue;
      const { chain, related, exact } = readForm(model, form, follow, ctx);
      const report = (hit: MigrationHit, rel?: Related) => {
        const range = exact ? model.logicalRange(form.instruction.args, hit.start, hit.end) : model.argsRange(form.instruction);
        ctx.report({
          messageId: 'command',
          data: {
            ...message(hit),
            where: `the image's ${form.instruction.keyword}${rel ? ` (${rel.name}, line ${rel.range.start.line + 1})` : ''}`,
          },
          range,
          ...(rel ? { related: [{ file: rel.file, range: rel.range, message: `${hit.label} runs here, before the app starts.` }] } : {}),
        });
      };
      for (const hit of chain.beforeStart) report(hit, related?.(hit));
      if (chain.startsApp) {
        for (const p of pending) {
          ctx.report({
            messageId: 'command',
            data: {
              ...message(p.hit),
              where: `the image's ${p.form.instruction.keyword}${p.related ? ` (${p.related.name}, line ${p.related.range.start.line + 1})` : ''}`,
            },
            range: model.argsRange(p.form.instruction),
            ...(p.related
              ? { related: [{ file: p.related.file, range: p.related.range, message: `${p.hit.label} runs here, before the app starts.` }] }
              : {}),
          });
        }
        pending = [];
      }
      pending.push(...chain.pending.map((hit) => ({ form, hit, related: related?.(hit) })));
    }
  },
};

interface Related {
  file: string;
  name: string;
  range: Range;
}

/** A command form's chain: shell text (exact ranges), `sh -c "…"`, an entrypoint script of the workspace, or plain argv. */
function readForm(
  model: DockerModel,
  form: CommandForm,
  follow: (name: string) => string | undefined,
  ctx: { file: string; root: string; host: { readFile(f: string): string | undefined } },
): { chain: ReturnType<typeof readChain>; related?: (hit: MigrationHit) => Related; exact: boolean } {
  const source = sourceReader(ctx.host, path.dirname(ctx.file));
  if (form.form === 'shell') return { chain: readChain(form.instruction.args.text, follow, 0, source), exact: true };
  const argv = withoutInit(form.argv ?? []);
  const scriptIndex = shellScriptIndex(argv);
  if (scriptIndex > 0) return { chain: readChain(argv[scriptIndex], follow, 0, source), exact: false };
  const script = findScript(model, argv, ctx);
  if (script) {
    const starts = computeLineStarts(script.text);
    const name = relativePath(ctx.root, script.file);
    return {
      chain: readChain(script.text, follow, 0, sourceReader(ctx.host, path.dirname(script.file), path.dirname(ctx.file))),
      exact: false,
      related: (hit) => ({ file: script.file, name, range: { start: positionAt(starts, hit.start), end: positionAt(starts, hit.end) } }),
    };
  }
  const words = argv.map((w) => (/^[\w./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
  return { chain: readChain(words, follow, 0, source), exact: false };
}

/** The workspace file of the shell script an exec-form command runs (through the COPY that put it in the image). */
/** `["dumb-init", "--", "./entrypoint.sh"]`, `["/sbin/tini", "-g", "--", …]`: the command an init in front of it runs. */
function withoutInit(argv: readonly string[]): readonly string[] {
  if (!argv.length || !/^(?:dumb-init|tini|tini-static|catatonit)$/.test(path.posix.basename(argv[0]))) return argv;
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) {
    if (argv[i] === '--') return argv.slice(i + 1);
    i += /^(?:-[pe]|-r|--rewrite)$/.test(argv[i]) ? 2 : 1; // tini's -p SIGNAL, -e CODE; dumb-init's --rewrite 15:2
  }
  return argv.slice(i);
}

function findScript(
  model: DockerModel,
  argv: readonly string[],
  ctx: { file: string; root: string; host: { readFile(f: string): string | undefined } },
): { file: string; text: string } | undefined {
  const viaShell = isShell(argv[0]) ? shellScriptFile(argv) : undefined;
  const target = viaShell ?? argv[0];
  if (!target || target.includes('$')) return undefined;
  if (!viaShell && !/\.(?:sh|bash)$/.test(target) && !target.includes('/')) return undefined;
  const workdir = model.effectiveCommand().workdir;
  const candidates: string[] = [];
  if (target.startsWith('/')) candidates.push(path.posix.normalize(target));
  else if (target.includes('/') || viaShell) {
    if (workdir) candidates.push(path.posix.resolve(workdir, target));
  } else for (const dir of PATH_DIRS) candidates.push(`${dir}/${target}`);
  const contextDirs = [...new Set([path.dirname(ctx.file), ctx.root])];
  for (const inImage of candidates) {
    for (const { source } of model.contextSourcesOf(inImage)) {
      for (const dir of contextDirs) {
        const file = path.join(dir, source);
        const text = ctx.host.readFile(file);
        if (text === undefined) continue;
        if (!viaShell && !isShellScript(text)) return undefined;
        return { file, text };
      }
    }
  }
  return undefined;
}
