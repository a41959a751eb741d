/**
 * `logs/no-file-logging` in Dockerfiles, about the final image only (its stages, `FROM <stage>` chains):
 *   - the app's output redirected to a file by the `CMD`/`ENTRYPOINT` it runs (shell form, or the string of
 *     `["sh", "-c", "…"]`): `>> /var/log/app.log 2>&1`, `&> out.log`, `exec > file`, `| tee [-a] file`,
 *     `| rotatelogs …`. Not: `/dev/stdout`, `/dev/stderr`, `/dev/null`, `/proc/<pid>/fd/N`, `2>&1`, a path
 *     a `RUN ln -sf /dev/stdout <path>` points at stdout.
 *   - `VOLUME`s for log directories (`/var/log/app`, `/app/logs`).
 *   - `ENV` that points the app's logging at a file (`LOG_FILE=/var/log/app.log`, `LOG_DIR=/app/logs`).
 * Fix: remove the redirect (and a `2>&1` that only followed stdout into the file), and, when what is left is
 * one plain command, the same with the exec form (`npm start` becoming the start script's `node …`).
 */
import { programRun } from '../../knowledge/packaging';
import * as path from 'node:path';
import { Env } from 'dockerfile-ast';
import type { DockerfileCheck, DockerfileContext } from '../../rule';
import type { Fix } from '../../finding';
import { identifierWords } from '../../secrets';
import { dockerModel, type CommandForm, type DockerInstruction, type DockerModel } from '../../languages/dockerfile/model';
import { execFormText, parseShell, plainCommand, type ShellCommand, type ShellRedirect } from '../../languages/dockerfile/shell';
import {
  afterInit,
  initOf,
  isPackageManager,
  packageScriptName,
  plainNodeStartScript,
  programName,
  shellScriptIndex,
  startsApp,
} from '../../languages/dockerfile/commands';
import { findImageScript } from '../../languages/dockerfile/scripts';
import { computeLineStarts, positionAt } from '../../text';
import { relativePath } from '../../paths';

export const dockerfileCheck: DockerfileCheck = {
  // Entry scripts are read through the COPY that put them in the image: any CMD/ENTRYPOINT may run one.
  prefilter: (text) => />|\btee\b|rotatelogs|cronolog|\bvolume\b|log|pm2|\b(?:cmd|entrypoint)\b/i.test(text),
  check(ctx) {
    new LogCheck(ctx, dockerModel(ctx.dockerfile, ctx.text)).run();
  },
};

/** Where output may go without being a file: the streams themselves. */
function isStream(target: string): boolean {
  return (
    /^\/dev\/(stdout|stderr|null|tty|console)$|^\/dev\/fd\/[12]$|^\/proc\/(self|1|\d+)\/fd\/[12]$/.test(target) || /^&?[0-9-]$/.test(target)
  );
}

const LOG_TOOLS = new Set(['tee', 'rotatelogs', 'cronolog', 'multilog', 'svlogd', 's6-log']);

/** Environment variables of tools (npm's own logs, web servers of other images), not the app's logging. */
const TOOL_PREFIX = /^(npm_config|yarn|pnpm|corepack|pip|apache|nginx|php|supervisor|chrome|puppeteer|java|jvm|catalina|pm2_home)(_|$)/i;

class LogCheck {
  private readonly toStdout: Set<string>;

  constructor(
    private readonly ctx: DockerfileContext,
    private readonly model: DockerModel,
  ) {
    this.toStdout = linkedToStreams(model);
  }

  run(): void {
    const final = this.model.finalStage;
    if (!final) return;
    const effective = this.model.effectiveCommand();
    const workdir = effective.workdir;
    // A shell-form ENTRYPOINT ignores CMD.
    const forms = effective.entrypoint?.form === 'shell' ? [effective.entrypoint] : [effective.entrypoint, effective.cmd];
    for (const form of forms) if (form) this.command(form, workdir);
    for (const instruction of this.model.finalInstructions()) {
      if (instruction.keyword === 'VOLUME') this.volume(instruction);
      else if (instruction.keyword === 'ENV') this.env(instruction, workdir);
    }
  }

  // ── CMD / ENTRYPOINT ───────────────────────────────────────────────────────────────────────

  private command(form: CommandForm, workdir: string | undefined): void {
    const instruction = form.instruction;
    if (form.form === 'shell') {
      if (form.brokenJson) return;
      this.shellText(form, instruction.args.text, workdir, {
        range: (from, to) => this.model.logicalRange(instruction.args, from, to),
        remove: (from, to) => ({
          kind: 'replace',
          file: this.ctx.file,
          range: this.model.logicalRange(instruction.args, from, to),
          newText: '',
        }),
        rebuild: undefined,
      });
      return;
    }
    let argv = form.argv!;
    if (initOf(argv)) argv = afterInit(argv);
    if (this.pm2Daemon(form, argv)) return;
    const index = shellScriptIndex(argv);
    if (index < 0) {
      this.script(form, argv, workdir);
      return;
    }
    // `["sh", "-c", "node x >> /var/log/app.log"]`: found in the string, reported on the whole argument list.
    const whole = this.model.argsRange(instruction);
    this.shellText(form, argv[index], workdir, {
      range: () => whole,
      remove: undefined,
      rebuild: (script) => execFormText([...argv.slice(0, index), script, ...argv.slice(index + 1)]),
      plainAllowed: index === argv.length - 1,
    });
  }

  private shellText(
    form: CommandForm,
    text: string,
    workdir: string | undefined,
    how: {
      range: (from: number, to: number) => ReturnType<DockerModel['range']>;
      remove?: (from: number, to: number) => Fix['changes'][number];
      rebuild?: (script: string) => string;
      plainAllowed?: boolean;
    },
  ): void {
    const parse = parseShell(text);
    if (parse.broken) return;
    const keyword = form.instruction.keyword;
    // `CMD ./start.sh` (shell form): the script it runs is read as well.
    const plain = plainCommand(text);
    if (plain && how.remove) this.script(form, plain, workdir);
    for (const [index, command] of parse.commands.entries()) {
      if (
        this.pm2Daemon(
          form,
          command.words.map((w) => w.value),
        )
      )
        continue;
      // `echo "$IP backend" >> /etc/hosts`, `(echo "{" && env | sed …) > config.json`: a set-up step writes a file, not the app's log.
      if (writesSetupFile(parse.commands, index)) continue;
      for (const redirect of command.redirects) {
        const target = this.fileTarget(redirect, workdir);
        if (!target) continue;
        const cut = redirectCut(text, command, redirect);
        const fixes = this.removalFixes(form, text, cut, how, `Remove the redirect to ${target}`);
        this.ctx.report({
          messageId: 'dockerRedirectToFile',
          data: { instruction: keyword, target },
          range: how.range(redirect.start, redirect.end),
          fixes,
        });
      }
      const tool = programName(command.words[0]?.value);
      if ((command.previous === '|' || command.previous === '|&') && LOG_TOOLS.has(tool)) {
        const files = command.words.slice(1).filter((w) => !w.value.startsWith('-') && !isStream(w.value));
        if (files.length === 0 || files.some((w) => w.expansion)) continue;
        if (tool === 'tee' && files.every((w) => this.toStdout.has(resolve(w.value, workdir) ?? ''))) continue;
        const pipe = text.lastIndexOf('|', command.start);
        const before = pipeStart(text, pipe);
        const options = command.words.slice(1).filter((w) => w.value.startsWith('-'));
        const exact =
          tool === 'tee' &&
          command.next === undefined &&
          command.redirects.length === 0 &&
          options.every((o) => /^(-a|--append|-i|--ignore-interrupts|-p)$/.test(o.value)) &&
          files.length === command.words.length - 1 - options.length;
        const cut = exact ? { from: before, to: command.end } : undefined;
        const fixes = this.removalFixes(form, text, cut, how, `Remove "| ${tool} …": the output stays on stdout`);
        this.ctx.report({
          messageId: 'dockerTeeToFile',
          data: { instruction: keyword, tool, target: files.map((f) => f.value).join(', ') },
          range: how.range(pipe, command.end),
          fixes,
        });
      }
    }
  }

  /** `pm2 start` without `--no-daemon`: pm2's daemon writes the app's output to files under ~/.pm2/logs. */
  private pm2Daemon(form: CommandForm, words: readonly string[]): boolean {
    let i = 0;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
    if (programName(words[i]) === 'npx') i++;
    if (programName(words[i]) !== 'pm2' || !['start', 'restart', 'reload'].includes(words[i + 1] ?? '')) return false;
    const rest = words.slice(i + 2);
    if (rest.includes('--no-daemon')) return false;
    // Output and error both sent to the streams: no log files.
    const toStream = (flags: string[]) => rest.some((w, k) => flags.includes(w) && isStream(rest[k + 1] ?? ''));
    if (toStream(['-o', '--output']) && toStream(['-e', '--error'])) return false;
    this.ctx.report({
      messageId: 'dockerPm2Logs',
      data: { instruction: form.instruction.keyword },
      range: this.model.argsRange(form.instruction),
    });
    return true;
  }

  /** The entry script a command runs (read through its COPY): the app started in it with output redirected to a file. */
  private script(form: CommandForm, argv: readonly string[], workdir: string | undefined): void {
    if (argv.length === 0 || isPackageManager(argv[0])) return;
    const found = findImageScript(this.model, this.ctx, argv);
    if (typeof found !== 'object') return;
    const parse = parseShell(found.text);
    if (parse.broken) return;
    const name = relativePath(this.ctx.root, found.file) || path.basename(found.file);
    let lineStarts: number[] | undefined;
    const rangeIn = (start: number, end: number) => {
      lineStarts ??= computeLineStarts(found.text);
      return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
    };
    for (const command of parse.commands) {
      const words = command.words.map((w) => w.value);
      const first = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
      const bareExec = words[first] === 'exec' && words.length === first + 1; // `exec >>/var/log/app.log 2>&1`
      const execd = words[first] === 'exec' ? words.slice(first + 1) : words.slice(Math.max(first, 0));
      if (!bareExec && !startsApp(execd)) continue;
      for (const redirect of command.redirects) {
        const target = this.fileTarget(redirect, workdir);
        if (!target) continue;
        const at = rangeIn(command.start, command.end);
        this.ctx.report({
          messageId: 'dockerScriptRedirect',
          data: {
            instruction: form.instruction.keyword,
            script: name,
            target,
            line: at.start.line + 1,
            command: found.text.slice(command.start, command.end).replace(/\s+/g, ' ').slice(0, 60),
          },
          range: this.model.argsRange(form.instruction),
          related: [{ file: found.file, range: rangeIn(redirect.start, redirect.end), message: `the app's output goes to ${target} here` }],
        });
        return; // one finding per script
      }
    }
  }

  /** The file a redirect writes the app's output to, or undefined (streams, inputs, `2>&1`, variables). */
  private fileTarget(redirect: ShellRedirect, workdir: string | undefined): string | undefined {
    const { op, fd, target } = redirect;
    if (!target || target.expansion) return undefined;
    if (!['>', '>>', '>|', '&>', '&>>', '>&'].includes(op)) return undefined;
    if (fd !== undefined && fd !== 1 && fd !== 2) return undefined;
    if (op === '>&' && /^[0-9-]+$/.test(target.value)) return undefined;
    if (isStream(target.value)) return undefined;
    if (this.toStdout.has(resolve(target.value, workdir) ?? '')) return undefined;
    return target.value;
  }

  private removalFixes(
    form: CommandForm,
    text: string,
    cut: { from: number; to: number } | undefined,
    how: { remove?: (from: number, to: number) => Fix['changes'][number]; rebuild?: (script: string) => string; plainAllowed?: boolean },
    title: string,
  ): Fix[] {
    if (!cut) return [];
    const rest = text.slice(0, cut.from) + text.slice(cut.to);
    const fixes: Fix[] = [];
    const argsRange = this.model.argsRange(form.instruction);
    if (how.remove) fixes.push({ kind: 'safe', title, changes: [how.remove(cut.from, cut.to)] });
    else if (how.rebuild)
      fixes.push({
        kind: 'safe',
        title,
        changes: [{ kind: 'replace', file: this.ctx.file, range: argsRange, newText: how.rebuild(rest) }],
      });
    // With the redirect gone, a plain command can drop the shell too.
    let argv = how.plainAllowed === false ? undefined : plainCommand(rest);
    if (argv && isPackageManager(argv[0])) {
      const name = packageScriptName(argv);
      argv = name ? plainNodeStartScript(this.ctx.host, this.ctx.file, this.ctx.root, name)?.argv : undefined;
    }
    // A shell-form ENTRYPOINT with a CMD set: its exec form would start passing the CMD as arguments.
    const cmdIgnored = form.instruction.keyword === 'ENTRYPOINT' && form.form === 'shell' && !!this.model.effectiveCommand().cmd;
    if (argv && !cmdIgnored) {
      const exec = `${form.instruction.keyword} ${execFormText(argv)}`;
      fixes.push({
        kind: 'safe',
        title: `${title}, and run without a shell: ${exec}`,
        changes: [{ kind: 'replace', file: this.ctx.file, range: argsRange, newText: execFormText(argv) }],
      });
    }
    return fixes;
  }

  // ── VOLUME / ENV ───────────────────────────────────────────────────────────────────────────

  private volume(instruction: DockerInstruction): void {
    const args = instruction.args;
    const text = args.text.trim();
    let paths: string[];
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        paths = Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
      } catch {
        paths = text.split(/\s+/);
      }
    } else paths = text.split(/\s+/).filter(Boolean);
    for (const p of paths) {
      if (!isLogPath(p) || p.includes('$')) continue;
      const at = findToken(args.text, p);
      const range = at >= 0 ? this.model.logicalRange(args, at, at + p.length) : this.model.argsRange(instruction);
      this.ctx.report({ messageId: 'dockerLogVolume', data: { path: p }, range });
    }
  }

  private env(instruction: DockerInstruction, workdir: string | undefined): void {
    const node = instruction.node;
    if (!(node instanceof Env)) return;
    for (const property of node.getProperties()) {
      const name = property.getName();
      const value = property.getValue();
      const valueRange = property.getValueRange();
      if (!value || !valueRange || !isLogFileVariable(name) || !isFilePath(value)) continue;
      if (this.toStdout.has(resolve(value, workdir) ?? '')) continue;
      const start = this.model.offset(valueRange.start.line, valueRange.start.character);
      const end = this.model.offset(valueRange.end.line, valueRange.end.character);
      this.ctx.report({ messageId: 'dockerLogFileEnv', data: { name, value }, range: this.model.range(start, end) });
    }
  }
}

/** Commands that write a file in a container's set-up (a config, a hosts line), never a server whose output is its log. */
const SETUP_UTILITIES = new Set([
  'echo',
  'printf',
  'cat',
  'env',
  'printenv',
  'sed',
  'awk',
  'gawk',
  'envsubst',
  'jq',
  'yq',
  'base64',
  'openssl',
  'date',
  'getent',
  'hostname',
  'head',
  'tail',
  'cut',
  'tr',
  'sort',
  'grep',
  'egrep',
  'wc',
  'ls',
  'id',
  'whoami',
  'uname',
]);

/** A shell's own words, which run nothing themselves (`read` fills variables). */
const SHELL_WORDS = new Set(['while', 'until', 'for', 'do', 'done', 'if', 'then', 'else', 'elif', 'fi', 'read', 'true', ':']);

/**
 * The command at `index` is a set-up utility (SETUP_UTILITIES) writing its output, or a group `( … )` of nothing else:
 * its redirect writes a file the container needs, not the app's output.
 */
function writesSetupFile(commands: readonly ShellCommand[], index: number): boolean {
  const isSetup = (command: ShellCommand) => {
    const program = programRun(command.words.map((w) => w.value));
    // `while IFS='=' read -r name value; do printf …; done < <(env)`: a loop's words around set-up commands.
    return program !== undefined && (SETUP_UTILITIES.has(path.posix.basename(program)) || SHELL_WORDS.has(program));
  };
  const command = commands[index];
  if (command.words.length > 0) {
    // `node app.js | sed -u 's/^/[app] /' > app.log`: what a pipeline writes is what its first command printed.
    for (let i = index; i >= 0; i--) {
      if (!isSetup(commands[i])) return false;
      if (commands[i].previous !== '|') return true;
    }
    return true;
  }
  if (command.previous !== ')') return false;
  // The group the redirect follows: back to its `(`.
  let depth = 0;
  for (let i = index - 1; i >= 0; i--) {
    const c = commands[i];
    if (c.next === ')') depth++;
    if (c.words.length > 0 && !isSetup(c)) return false;
    if (c.previous === '(' && --depth === 0) return true;
  }
  return false;
}

/** Logical range to delete for a redirect: the blanks before it, and a `2>&1` that followed stdout into the file. */
function redirectCut(text: string, command: ShellCommand, redirect: ShellRedirect): { from: number; to: number } | undefined {
  const index = command.redirects.indexOf(redirect);
  let to = redirect.end;
  const next = command.redirects[index + 1];
  const stdout = redirect.fd === undefined || redirect.fd === 1;
  if (
    stdout &&
    redirect.op !== '&>' &&
    redirect.op !== '&>>' &&
    next &&
    next.fd === 2 &&
    next.op === '>&' &&
    next.target?.value === '1' &&
    /^\s*$/.test(text.slice(redirect.end, next.start))
  )
    to = next.end;
  let from = redirect.start;
  while (from > 0 && /[ \t]/.test(text[from - 1])) from--;
  if (from === 0) return undefined;
  return { from, to };
}

/** The end of the command before a `|`, with the blanks before the pipe. */
function pipeStart(text: string, pipe: number): number {
  let i = pipe;
  while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
  return i;
}

function resolve(p: string, workdir: string | undefined): string | undefined {
  if (p.startsWith('/')) return path.posix.normalize(p);
  return workdir ? path.posix.resolve(workdir, p) : undefined;
}

/** `/var/log/app`, `/app/logs`, `/srv/app-logs`: a directory for log files. */
function isLogPath(p: string): boolean {
  return p.split('/').some((segment) => /^(logs?|logging|log[-_]?files?)$|[-_.]logs?$/i.test(segment));
}

/** `LOG_FILE`, `LOG_DIR`, `APP_LOG_PATH`, `LOGFILE`, `LOGS_DIRECTORY`, `AUDIT_LOG_FILENAME`. */
function isLogFileVariable(name: string): boolean {
  if (TOOL_PREFIX.test(name)) return false;
  const words = identifierWords(name);
  const joined = words.join('_');
  return (
    /(^|_)(log|logs|logging)_(file|files|path|dir|directory|folder|filename|file_name|location|dest|destination|output|target)$/.test(
      joined,
    ) || /(^|_)(logfile|logdir|logpath|logsdir|logfolder)$/.test(joined)
  );
}

/** A value naming a file or directory (not a stream, not a keyword like `stdout`). */
function isFilePath(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (!v || v.includes('$') || isStream(v)) return false;
  if (/^(stdout|stderr|console|-|true|false|none|off)$/i.test(v)) return false;
  return /^(\/|\.\.?\/|~\/)/.test(v) || /\.log$/i.test(v) || /^[\w.-]+\/[\w./-]*$/.test(v);
}

/** Paths a RUN points at the streams: `ln -sf /dev/stdout /var/log/app.log` (as the official nginx image does). */
function linkedToStreams(model: DockerModel): Set<string> {
  const out = new Set<string>();
  for (const instruction of model.finalInstructions()) {
    if (instruction.keyword !== 'RUN') continue;
    const workdir = model.workdirAt(instruction);
    for (const command of parseShell(instruction.args.text).commands) {
      const words = command.words.map((w) => w.value);
      if (programName(words[0]) !== 'ln') continue;
      const operands = words.slice(1).filter((w) => !w.startsWith('-'));
      if (operands.length === 2 && isStream(operands[0]) && /^\/dev\/std|^\/proc\//.test(operands[0])) {
        const p = resolve(operands[1], workdir);
        if (p) out.add(p);
      }
    }
  }
  return out;
}

/** Index of `token` in `text` as a whole word (or a JSON string), or -1. */
function findToken(text: string, token: string): number {
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
    const before = text[i - 1];
    const after = text[i + token.length];
    if ((before === undefined || /[\s"[,]/.test(before)) && (after === undefined || /[\s",\]]/.test(after))) return i;
  }
  return -1;
}
