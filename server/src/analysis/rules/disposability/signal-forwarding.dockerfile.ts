/**
 * `disposability/signal-forwarding` in Dockerfiles: does SIGTERM from `docker stop` (or Kubernetes,
 * ECS…) reach the app? Judged on what the final image runs — the last `ENTRYPOINT`/`CMD` of the final
 * stage and the stages it is built `FROM` — never on build stages.
 *
 * Reported: shell-form `CMD`/`ENTRYPOINT` (PID 1 is `/bin/sh -c`), `["sh", "-c", "…"]`, npm/yarn/pnpm as
 * PID 1 (either form), a shell-form CMD passed as `/bin/sh -c …` arguments to an exec-form ENTRYPOINT,
 * and an entrypoint/command script of the workspace (found through the COPY that put it in the image)
 * that starts the app without `exec`. Clean: exec form, an init in front (tini, dumb-init…), a shell
 * command or script whose last command is `exec …`, a script that traps SIGTERM. `docker run --init`
 * cannot be seen from the Dockerfile and is not assumed.
 *
 * Fixes are exact or absent: the exec form of a plain command (each word JSON-quoted); `exec ` in front
 * of the last command when the command needs a shell; `CMD ["node", "<file>"]` for `npm start` when
 * package.json's script is a plain `node <file> [args]` with no pre/post script. Suggestions only.
 */
import { programRun } from '../../knowledge/packaging';
import * as path from 'node:path';
import type { DockerfileCheck, DockerfileContext } from '../../rule';
import type { Fix, Range } from '../../finding';
import { computeLineStarts, positionAt } from '../../text';
import { dockerModel, type CommandForm, type DockerModel } from '../../languages/dockerfile/model';
import { findImageScript } from '../../languages/dockerfile/scripts';
import {
  execFormText,
  isAssignment,
  isReservedWord,
  needsShell,
  parseShell,
  plainCommand,
  type ShellCommand,
  type ShellParse,
} from '../../languages/dockerfile/shell';
import {
  afterInit,
  initOf,
  initSignalsGroup,
  isPackageManager,
  packageScriptName,
  plainNodeStartScript,
  programName,
  shellQuote,
  shellScriptIndex,
  startsApp,
} from '../../languages/dockerfile/commands';
import { relativePath } from '../../paths';
import { isDevImage } from '../../knowledge/starts';
import { commandsUnder, flyOverrideOf, type FlyOverride } from '../../knowledge/fly';
import { withoutOptions } from '../../knowledge/packaging';
import { isMigrationScriptName, migrationCommand } from '../../knowledge/migrations';

export const dockerfileCheck: DockerfileCheck = {
  prefilter: (text) => /\b(cmd|entrypoint)\b/i.test(text),
  check(ctx) {
    // An image named for development or tests (`Dockerfile.dev`, `test.Dockerfile`, `dev/Dockerfile`) runs on a
    // developer's machine or in CI, where nodemon as PID 1 is the point.
    // (Not an example's image: it is meant to be run as it is.)
    if (isDevImage(relativePath(ctx.root, ctx.file))) return;
    // A platform runs the image with commands of its own (fly.toml's [processes], under its init): not this CMD. An
    // ENTRYPOINT it does not replace still runs in front of them, and is judged alone.
    const fly = flyOverrideOf(ctx.file, ctx.root, (f) => ctx.host.readFile(f));
    const model = dockerModel(ctx.dockerfile, ctx.text);
    const kept = commandsUnder(fly, model.effectiveCommand());
    if (fly && !kept.entrypoint && !kept.cmd) return;
    new SignalCheck(ctx, model, fly).run();
  },
};

type Dispatch = 'yes' | 'no' | 'unknown';

/** `npm test`, `pnpm run test:e2e`, `yarn lint`: a package manager running the project's checks, which end on their own. */
function runsChecks(argv: readonly string[] | undefined): boolean {
  if (!argv || argv.length < 2 || !isPackageManager(argv[0])) return false;
  // Options and their values (`--cwd e2e`, `-C test`, `--workspace check`) name folders, not scripts.
  const rest = withoutOptions(argv.slice(1));
  const script = rest[0] === 'run' || rest[0] === 'run-script' ? rest[1] : rest[0];
  return !!script && /^(?:t|test|tests|lint|typecheck|type-check|check|e2e|spec)(?::[\w:.-]+)?$/.test(script);
}

/** `npx prisma migrate deploy`, `npm run migrate`: a one-off migration image, which ends on its own. */
function runsMigration(argv: readonly string[] | undefined): boolean {
  if (!argv || argv.length === 0) return false;
  if (migrationCommand(argv)) return true;
  if (!isPackageManager(argv[0])) return false;
  const rest = withoutOptions(argv.slice(1));
  const script = rest[0] === 'run' || rest[0] === 'run-script' ? rest[1] : undefined;
  return !!script && isMigrationScriptName(script);
}

class SignalCheck {
  private readonly shell: string;

  constructor(
    private readonly ctx: DockerfileContext,
    private readonly model: DockerModel,
    /** A platform's manifest that runs its own commands in place of the image's (fly.toml). */
    private readonly fly?: FlyOverride,
  ) {
    this.shell = shellOf(model);
  }

  run(): void {
    const final = this.model.finalStage;
    if (!final || isWindows(this.model)) return;
    const effective = commandsUnder(this.fly, this.model.effectiveCommand());
    const entrypoint = nonEmpty(effective.entrypoint);
    const cmd = nonEmpty(effective.cmd);
    // An image that runs the test suite (`CMD ["pnpm", "test"]`) or a migration (`CMD ["npx", "prisma", "migrate",
    // "deploy"]`) starts no app that must shut down gracefully.
    const only = !entrypoint && cmd ? (cmd.form === 'exec' ? cmd.argv! : plainCommand(cmd.instruction.args.text)) : undefined;
    if (runsChecks(only) || runsMigration(only)) return;
    if (entrypoint) {
      if (entrypoint.form === 'shell') {
        this.judgeShellForm(entrypoint, !!cmd); // a shell-form ENTRYPOINT ignores CMD
        return;
      }
      const argv = entrypoint.argv!;
      const init = initOf(argv);
      if (init) {
        if (initSignalsGroup(argv)) return;
        if (cmd?.form === 'shell') {
          if (!this.shellExecs(cmd)) this.reportShellArguments(cmd, init, 'yes');
          return;
        }
        // tini (without -g) signals only its child: a script it starts must still exec the app.
        const rest = afterInit(argv);
        if (rest.length) this.judgeBehindInit(entrypoint, rest, init);
        else if (cmd?.form === 'exec') this.judgeBehindInit(cmd, cmd.argv!, init);
        return;
      }
      const { reported, dispatch } = this.judgeProgram(entrypoint, argv);
      if (reported || !cmd) return;
      if (cmd.form === 'shell') {
        if (!this.shellExecs(cmd)) this.reportShellArguments(cmd, programName(argv[0]), dispatch);
        return;
      }
      if (dispatch === 'yes') this.judgeProgram(cmd, cmd.argv!);
      return;
    }
    if (!cmd) return;
    if (cmd.form === 'shell') this.judgeShellForm(cmd);
    else this.judgeProgram(cmd, cmd.argv!);
  }

  // ── exec form ──────────────────────────────────────────────────────────────────────────────

  /** What an init that signals only its child starts: a script there is read like PID 1's (npm there is the init's child: fine). */
  private judgeBehindInit(form: CommandForm, argv: string[], init: string): void {
    if (argv.length === 0 || isPackageManager(argv[0]) || shellScriptIndex(argv) > 0) return;
    const script = this.findScript(argv);
    if (typeof script === 'object' && script.analysis.withoutExec) this.judgeScript(form, script, init);
  }

  /** An exec-form argv as PID 1 (or handed PID 1 by a dispatching entrypoint). */
  private judgeProgram(form: CommandForm, argv: string[]): { reported: boolean; dispatch: Dispatch } {
    if (argv.length === 0 || initOf(argv)) return { reported: false, dispatch: 'no' };
    const manager = processManagerOf(argv);
    if (manager) {
      this.ctx.report({
        messageId: 'processManager',
        data: { tool: manager, instruction: form.instruction.keyword },
        range: this.model.argsRange(form.instruction),
      });
      return { reported: true, dispatch: 'no' };
    }
    if (isPackageManager(argv[0]) || programName(argv[0]) === 'npx') {
      this.reportPackageManager(form, argv);
      return { reported: true, dispatch: 'no' };
    }
    const scriptIndex = shellScriptIndex(argv);
    if (scriptIndex > 0) {
      return { reported: this.judgeShellWrapper(form, argv, scriptIndex), dispatch: 'no' };
    }
    const script = this.findScript(argv);
    if (script === 'not-found') {
      // The official images' `docker-entrypoint.sh` ends in `exec "$@"`; anything else we cannot read is unknown.
      return { reported: false, dispatch: programName(argv[0]) === 'docker-entrypoint.sh' ? 'yes' : 'unknown' };
    }
    if (script === 'not-a-script') return { reported: false, dispatch: 'no' };
    return { reported: this.judgeScript(form, script), dispatch: script.analysis.dispatches ? 'yes' : 'no' };
  }

  private judgeShellWrapper(form: CommandForm, argv: string[], scriptIndex: number): boolean {
    const script = argv[scriptIndex];
    const parse = parseShell(script);
    const verdict = shellVerdict(parse);
    if (verdict.kind === 'clean' || verdict.kind === 'unknown') return false;
    const shell = argv.slice(0, scriptIndex).join(' ');
    const rebuild = (newScript: string) => execFormText([...argv.slice(0, scriptIndex), newScript, ...argv.slice(scriptIndex + 1)]);
    const fixes: Fix[] = [];
    let advice: string;
    const plain = scriptIndex === argv.length - 1 ? plainCommand(script) : undefined;
    if (verdict.kind === 'packageManager') {
      const node = this.startScriptFor(verdict.words);
      if (node && plain) {
        fixes.push(
          this.replaceArgs(
            form,
            execFormText(node.argv),
            `Run node directly: ${form.instruction.keyword} ${execFormText(node.argv)} (scripts.${node.name} in package.json)`,
          ),
        );
        advice = `Run node directly: ${form.instruction.keyword} ${execFormText(node.argv)} (the "${node.name}" script of package.json).`;
      } else if (node && verdict.last && execInsertable(parse, verdict.last, false)) {
        const newScript = script.slice(0, verdict.last.words[0].start) + `exec ${shellQuote(node.argv)}` + script.slice(verdict.last.end);
        fixes.push(this.replaceArgs(form, rebuild(newScript), `Exec node directly as the last command: ${truncate(newScript)}`));
        advice = `Exec node directly as the last command (exec ${shellQuote(node.argv)}).`;
      } else advice = packageManagerAdvice(verdict.words);
      this.ctx.report({
        messageId: 'packageManager',
        data: { manager: programName(verdict.words[0]), instruction: form.instruction.keyword, advice },
        range: this.model.argsRange(form.instruction),
        fixes,
      });
      return true;
    }
    if (plain) {
      const text = `${form.instruction.keyword} ${execFormText(plain)}`;
      fixes.push(this.replaceArgs(form, execFormText(plain), `Use the exec form without a shell: ${text}`));
      advice = `Drop the shell: ${text}.`;
    } else if (verdict.last && execInsertable(parse, verdict.last, true)) {
      const at = verdict.last.words[0].start;
      const newScript = `${script.slice(0, at)}exec ${script.slice(at)}`;
      fixes.push(this.replaceArgs(form, rebuild(newScript), `Start the last command with exec: ${truncate(newScript)}`));
      advice = `Start the last command with exec (… exec ${truncate(script.slice(at), 40)}) so it replaces the shell.`;
    } else advice = `Move the commands into a script that ends with exec, or put an init (tini, dumb-init) in front.`;
    this.ctx.report({
      messageId: 'shellWrapper',
      data: { instruction: form.instruction.keyword, shell, advice },
      range: this.model.argsRange(form.instruction),
      fixes,
    });
    return true;
  }

  // ── shell form ─────────────────────────────────────────────────────────────────────────────

  /** True when a shell-form command hands the process over with `exec` (`exec node x`, `a && exec node x`). */
  private shellExecs(form: CommandForm): boolean {
    const verdict = shellVerdict(parseShell(form.instruction.args.text));
    return verdict.kind === 'clean';
  }

  /** `cmdIgnored`: a shell-form ENTRYPOINT with a CMD, which its exec form would start passing as arguments. */
  private judgeShellForm(form: CommandForm, cmdIgnored = false): void {
    const instruction = form.instruction;
    const keyword = instruction.keyword;
    const text = instruction.args.text;
    const range = this.model.argsRange(instruction);
    if (form.brokenJson) {
      const argv = looseArray(text.trim());
      const fixes = argv ? [this.replaceArgs(form, execFormText(argv), `Write valid JSON: ${keyword} ${execFormText(argv)}`)] : [];
      this.ctx.report({ messageId: 'invalidExecForm', data: { instruction: keyword, shell: this.shell }, range, fixes });
      return;
    }
    const parse = parseShell(text);
    const verdict = shellVerdict(parse);
    if (verdict.kind === 'clean' || verdict.kind === 'unknown') return;
    if (verdict.kind === 'packageManager') {
      this.reportPackageManager(form, verdict.words, parse, verdict.last, cmdIgnored);
      return;
    }
    const fixes: Fix[] = [];
    let advice: string;
    const plain = plainCommand(text);
    if (plain && cmdIgnored) {
      advice = `Use the exec form (${keyword} ${execFormText(plain)}); the CMD, ignored today, then becomes its arguments: check it before you switch.`;
    } else if (plain) {
      const exec = `${keyword} ${execFormText(plain)}`;
      fixes.push(this.replaceArgs(form, execFormText(plain), `Use the exec form: ${exec}`));
      advice = `Use the exec form: ${exec}.`;
    } else {
      const reason = needsShell(parse, text) ?? 'shell syntax';
      if (verdict.last && execInsertable(parse, verdict.last, true)) {
        const at = this.model.logicalOffset(instruction.args, verdict.last.words[0].start);
        fixes.push({
          kind: 'safe',
          title: `Start the last command with exec: ${truncate(`exec ${text.slice(verdict.last.words[0].start).trim()}`)}`,
          changes: [{ kind: 'replace', file: this.ctx.file, range: this.model.range(at, at), newText: 'exec ' }],
        });
        advice = `It needs a shell (${reason}), so it has no exact exec form: start the last command with exec (… exec ${truncate(text.slice(verdict.last.words[0].start).trim(), 40)}) so it replaces the shell.`;
      } else {
        advice = `It needs a shell (${reason}), so it has no exact exec form: move it into a script that ends with exec, or put an init (tini, dumb-init) in front.`;
      }
    }
    this.ctx.report({ messageId: 'shellForm', data: { instruction: keyword, shell: this.shell, advice }, range, fixes });
  }

  /** A shell-form CMD after an exec-form ENTRYPOINT: it becomes `<entrypoint> /bin/sh -c "<cmd>"`. */
  private reportShellArguments(cmd: CommandForm, entrypoint: string, dispatch: Dispatch): void {
    const text = cmd.instruction.args.text;
    const plain = plainCommand(text);
    if (plain && dispatch === 'yes' && isPackageManager(plain[0])) {
      this.reportPackageManager(cmd, plain);
      return;
    }
    const fixes: Fix[] = [];
    let advice: string;
    if (plain) {
      fixes.push(this.replaceArgs(cmd, execFormText(plain), `Pass the arguments in exec form: CMD ${execFormText(plain)}`));
      advice = `Pass the arguments in exec form: CMD ${execFormText(plain)}.`;
    } else {
      const parse = parseShell(text);
      const last = lastCommand(parse);
      if (last && execInsertable(parse, last, true)) {
        const at = this.model.logicalOffset(cmd.instruction.args, last.words[0].start);
        fixes.push({
          kind: 'safe',
          title: 'Start the last command with exec',
          changes: [{ kind: 'replace', file: this.ctx.file, range: this.model.range(at, at), newText: 'exec ' }],
        });
        advice = `It needs a shell (${needsShell(parse, text)}): start its last command with exec so it replaces the shell.`;
      } else advice = `It needs a shell (${needsShell(parse, text) ?? 'shell syntax'}): move it into a script that ends with exec.`;
    }
    this.ctx.report({
      messageId: 'shellFormArguments',
      data: { entrypoint, shell: this.shell, advice },
      range: this.model.argsRange(cmd.instruction),
      fixes,
    });
  }

  // ── package managers ───────────────────────────────────────────────────────────────────────

  private startScriptFor(argv: readonly string[]) {
    const name = packageScriptName(argv);
    return name ? plainNodeStartScript(this.ctx.host, this.ctx.file, this.ctx.root, name) : undefined;
  }

  private reportPackageManager(form: CommandForm, argv: string[], parse?: ShellParse, last?: ShellCommand, cmdIgnored = false): void {
    const keyword = form.instruction.keyword;
    const node = this.startScriptFor(argv);
    const fixes: Fix[] = [];
    let advice = packageManagerAdvice(argv);
    const wholeCommand = form.form === 'exec' || (!cmdIgnored && parse && plainCommand(form.instruction.args.text));
    if (node && wholeCommand) {
      const exec = `${keyword} ${execFormText(node.argv)}`;
      fixes.push(this.replaceArgs(form, execFormText(node.argv), `Run node directly: ${exec} (scripts.${node.name} in package.json)`));
      advice = `Run node directly: ${exec} (the "${node.name}" script of package.json).`;
    } else if (
      node &&
      parse &&
      last &&
      execInsertable(parse, last, false) &&
      last.redirects.every((r) => r.start > last.words[last.words.length - 1].end)
    ) {
      // The words become `exec node …`; redirects after them stay as they are.
      const args = form.instruction.args;
      const start = this.model.logicalOffset(args, last.words[0].start);
      const end = this.model.logicalEnd(args, last.words[last.words.length - 1].end);
      const replacement = `exec ${shellQuote(node.argv)}`;
      fixes.push({
        kind: 'safe',
        title: `Exec node directly as the last command: ${replacement} (scripts.${node.name} in package.json)`,
        changes: [{ kind: 'replace', file: this.ctx.file, range: this.model.range(start, end), newText: replacement }],
      });
      advice = `Exec node directly as the last command: ${replacement} (the "${node.name}" script of package.json).`;
    }
    this.ctx.report({
      messageId: 'packageManager',
      data: { manager: programName(argv[0]), instruction: keyword, advice },
      range: this.model.argsRange(form.instruction),
      fixes,
    });
  }

  // ── scripts ────────────────────────────────────────────────────────────────────────────────

  /** The workspace file of the script argv runs, read through the COPY that put it in the image. */
  private findScript(argv: string[]): ScriptFile | 'not-found' | 'not-a-script' {
    const found = findImageScript(this.model, this.ctx, argv);
    return typeof found === 'object' ? { ...found, analysis: analyzeScript(found.text) } : found;
  }

  /** `behindInit`: the init (tini without -g) that signals only the script's shell. */
  private judgeScript(form: CommandForm, script: ScriptFile, behindInit?: string): boolean {
    const { analysis, file, text } = script;
    const keyword = form.instruction.keyword;
    const name = relativePath(this.ctx.root, file) || path.basename(file);
    const starts = computeLineStarts(text);
    const at = (offset: number) => positionAt(starts, offset);
    const rangeIn = (start: number, end: number): Range => ({ start: at(start), end: at(end) });
    if (analysis.withoutExec) {
      const { commands, canPrefix } = analysis.withoutExec;
      const prefixAt = (command: ShellCommand) => commandWords(command)[0].start;
      const first = commands[0];
      const shown = truncate(text.slice(prefixAt(first), first.end).replace(/\s+/g, ' '), 60);
      const line = at(prefixAt(first)).line + 1;
      const fixes: Fix[] = canPrefix
        ? [
            {
              kind: 'safe',
              title:
                commands.length === 1
                  ? `Start ${shown} with exec in ${name}`
                  : `Start the app with exec in ${name} (${commands.length} places)`,
              changes: commands.map((c) => ({
                kind: 'replace' as const,
                file,
                range: rangeIn(prefixAt(c), prefixAt(c)),
                newText: 'exec ',
              })),
            },
          ]
        : [];
      this.ctx.report({
        messageId: behindInit ? 'scriptWithoutExecBehindInit' : 'scriptWithoutExec',
        data: { instruction: keyword, script: name, line, command: shown, init: behindInit ?? '' },
        range: this.model.argsRange(form.instruction),
        related: commands.map((c) => ({
          file,
          range: rangeIn(prefixAt(c), c.end),
          message: 'started without exec: the shell stays PID 1',
        })),
        fixes,
      });
      return true;
    }
    if (analysis.execPackageManager && !behindInit) {
      const { command, words } = analysis.execPackageManager;
      const shown = truncate(text.slice(command.start, command.end).replace(/\s+/g, ' '), 60);
      const node = this.startScriptFor(words);
      const fixes: Fix[] = [];
      if (node && command.redirects.length === 0 && withoutExecWords(command).length === words.length) {
        const execWord = command.words.find((w) => w.value === 'exec')!;
        fixes.push({
          kind: 'safe',
          title: `Exec node directly in ${name}: exec ${shellQuote(node.argv)}`,
          changes: [{ kind: 'replace', file, range: rangeIn(execWord.start, command.end), newText: `exec ${shellQuote(node.argv)}` }],
        });
      }
      this.ctx.report({
        messageId: 'scriptPackageManager',
        data: { instruction: keyword, script: name, line: at(command.start).line + 1, command: shown, manager: programName(words[0]) },
        range: this.model.argsRange(form.instruction),
        related: [{ file, range: rangeIn(command.start, command.end), message: `${programName(words[0])} becomes PID 1 here` }],
        fixes,
      });
      return true;
    }
    return false;
  }

  private replaceArgs(form: CommandForm, newText: string, title: string): Fix {
    return {
      kind: 'safe',
      title,
      changes: [{ kind: 'replace', file: this.ctx.file, range: this.model.argsRange(form.instruction), newText }],
    };
  }
}

interface ScriptFile {
  file: string;
  text: string;
  analysis: ScriptAnalysis;
}

/**
 * Development watchers and process managers that should not be PID 1: they restart on file changes,
 * kill instead of forwarding (forever's SIGKILL), or daemonize so the container's command ends (pm2 start).
 * `npx <tool>` names the tool. pm2-runtime and `pm2 start --no-daemon` are inits in all but name.
 */
function processManagerOf(argv: readonly string[]): string | undefined {
  let i = 0;
  let prefix = '';
  if (programName(argv[0]) === 'npx') {
    i = 1;
    while (i < argv.length && argv[i].startsWith('-')) i++;
    prefix = 'npx ';
  }
  const name = programName(argv[i]);
  if (['nodemon', 'forever', 'supervisor', 'ts-node-dev', 'tsnd', 'node-dev', 'node-supervisor'].includes(name)) return prefix + name;
  if (name === 'pm2') {
    const rest = argv.slice(i + 1);
    if (rest[0] === 'start' || rest[0] === 'restart' || rest[0] === 'reload')
      return rest.includes('--no-daemon') ? undefined : `${prefix}pm2 (daemon mode)`;
  }
  return undefined;
}

function nonEmpty(form: CommandForm | undefined): CommandForm | undefined {
  if (!form) return undefined;
  if (form.form === 'exec' && form.argv!.length === 0) return undefined;
  return form;
}

/** The shell used for shell form: `/bin/sh -c` unless a SHELL instruction says otherwise. */
function shellOf(model: DockerModel): string {
  let shell = '/bin/sh -c';
  for (const instruction of model.finalInstructions()) {
    if (instruction.keyword !== 'SHELL') continue;
    const form = model.commandForm(instruction);
    if (form?.argv?.length) shell = form.argv.join(' ');
  }
  return shell;
}

function isWindows(model: DockerModel): boolean {
  if (model.escape === '`') return true;
  const final = model.finalStage;
  const images = final ? model.chain(final).map((s) => s.image ?? '') : [];
  if (images.some((i) => /windows|nanoserver|servercore/i.test(i))) return true;
  return /powershell|pwsh|cmd(\.exe)?\b/i.test(shellOf(model));
}

type Verdict =
  | { kind: 'clean' }
  | { kind: 'unknown' }
  | { kind: 'shell'; last?: ShellCommand }
  | { kind: 'packageManager'; words: string[]; last?: ShellCommand };

/** The top-level last command of a parse (with words). */
function lastCommand(parse: ShellParse): ShellCommand | undefined {
  for (let i = parse.commands.length - 1; i >= 0; i--) if (parse.commands[i].words.length) return parse.commands[i];
  return undefined;
}

/** The words of a command after `VAR=x` prefixes and leading reserved words (`then`, `do`, `{`). */
function commandWords(command: ShellCommand) {
  let i = 0;
  while (i < command.words.length && (isAssignment(command.words[i]) || isReservedWord(command.words[i]))) i++;
  return command.words.slice(i);
}

/** `exec [-a name] [-cl] cmd…` → the words after exec (empty for redirect-only `exec >file`). */
function withoutExecWords(command: ShellCommand): string[] {
  const words = commandWords(command).map((w) => w.value);
  if (words[0] !== 'exec') return words;
  let i = 1;
  while (i < words.length && words[i].startsWith('-')) i += words[i] === '-a' ? 2 : 1;
  return words.slice(i);
}

/** Commands that print or end the shell: a string of nothing else runs no process that a signal must reach. */
const PRINTS_AND_EXITS = new Set(['echo', 'printf', 'exit', 'true', 'false', ':', 'cat', 'env', 'printenv', 'date', 'hostname']);

/** What a `sh -c` string leaves as PID 1. */
function shellVerdict(parse: ShellParse): Verdict {
  if (parse.broken) return { kind: 'shell' };
  const last = lastCommand(parse);
  if (!last) return { kind: 'unknown' };
  // `sh -c "echo 'This service is retired.'; exit 0"`: a stub that prints and exits starts nothing to stop.
  if (parse.commands.every((c) => c.words.length === 0 || PRINTS_AND_EXITS.has(programRun(c.words.map((w) => w.value)) ?? '')))
    return { kind: 'clean' };
  const words = commandWords(last);
  if (words.length === 0) return { kind: 'unknown' };
  if (words[0].value === 'exec') {
    const execd = withoutExecWords(last);
    if (execd.length === 0) return { kind: 'shell', last };
    if (isPackageManager(execd[0])) return { kind: 'packageManager', words: execd, last };
    return { kind: 'clean' };
  }
  const values = words.map((w) => w.value);
  if (isPackageManager(values[0])) return { kind: 'packageManager', words: values, last };
  return { kind: 'shell', last };
}

/** Can `exec ` go in front of `last` without changing what runs? Only after `&&`/`;` lists, with nothing after it. */
function execInsertable(parse: ShellParse, last: ShellCommand, rejectPackageManager: boolean): boolean {
  if (parse.broken || parse.comments.length) return false;
  const index = parse.commands.indexOf(last);
  if (index < 0 || last.next !== undefined) return false;
  for (let i = 0; i < index; i++) {
    const op = parse.commands[i].next;
    if (op !== '&&' && op !== ';') return false;
    if (parse.commands[i].words.some((w) => isReservedWord(w))) return false;
  }
  const first = last.words[0];
  if (!first || isAssignment(first) || isReservedWord(first) || first.value === 'exec') return false;
  if (rejectPackageManager && isPackageManager(first.value)) return false;
  return true;
}

function packageManagerAdvice(argv: readonly string[]): string {
  const manager = programName(argv[0]);
  return `Run the start command with node directly (exec form, e.g. CMD ["node", "dist/server.js"]), or put an init (tini, dumb-init) in front of ${manager}.`;
}

// ── entrypoint scripts ─────────────────────────────────────────────────────────────────────────

interface ScriptAnalysis {
  /**
   * App starts without exec that no later `exec` in the same branch replaces, and whether `exec ` can be
   * put in front of each of them exactly (nothing but other such starts or `fi`/`done`/`esac` after them).
   */
  withoutExec?: { commands: ShellCommand[]; canPrefix: boolean };
  /** The script execs npm/yarn/pnpm. */
  execPackageManager?: { command: ShellCommand; words: string[] };
  /** The script ends by exec'ing its arguments (`exec "$@"`): CMD becomes PID 1. */
  dispatches: boolean;
}

function leadingReserved(command: ShellCommand): string[] {
  const out: string[] = [];
  for (const w of command.words) {
    if (isReservedWord(w)) out.push(w.raw);
    else break;
  }
  return out;
}

function analyzeScript(text: string): ScriptAnalysis {
  const parse = parseShell(text);
  const result: ScriptAnalysis = { dispatches: false };
  if (parse.broken) return result;
  const commands = parse.commands;
  const blocks = blockPaths(commands);
  const starts: number[] = [];
  const execs: number[] = [];
  let loops = false;
  let lastExecWords: string[] = [];
  for (let k = 0; k < commands.length; k++) {
    const command = commands[k];
    if (command.words.some((w) => !w.quoted && (w.raw === 'while' || w.raw === 'until' || w.raw === 'for'))) loops = true;
    const values = commandWords(command).map((w) => w.value);
    if (values[0] === 'trap' && values.slice(2).some((v) => /^(SIG)?TERM$|^15$/i.test(v))) return { dispatches: false }; // forwards signals itself
    if (values[0] === 'exec') {
      const execd = withoutExecWords(command);
      if (execd.length === 0) continue; // `exec >log 2>&1`: redirects only
      execs.push(k);
      lastExecWords = execd;
      if (execd.some((w) => w === '$@' || w === '${@}' || w === '$*')) result.dispatches = true;
      continue;
    }
    // In a function, `"$@"` is the function's own arguments (`retry() { … "$@" … }`), not the image's command.
    if (startsApp(values) && !(blocks.functions[k] >= 0 && /^(?:\$@|\$\{@\}|\$\*)$/.test(values[0]))) starts.push(k);
  }
  // A start is replaced by a later exec in the same function, in the same block or an enclosing one, with no
  // other arm of a block that holds the start in between (`else`, `elif`, another case pattern or its `;;`): a
  // function is its own script, each arm its own branch. Blocks the start is not in (a later if/else, a function
  // defined between them) do not matter: `node migrate.js; if …; else …; fi; exec node server.js`.
  const covered = (k: number) =>
    execs.some((j) => {
      if (j <= k || blocks.functions[k] !== blocks.functions[j] || !blocks.paths[k].startsWith(blocks.paths[j])) return false;
      for (let m = k; m <= j; m++) {
        const arm = blocks.arms[m];
        if (arm !== undefined && (m > k || commands[m].next === ';;') && blocks.paths[k].includes(`/${arm}.`)) return false;
      }
      return true;
    });
  const uncovered = starts.filter((k) => !covered(k));
  if (uncovered.length) {
    const set = new Set(uncovered);
    const canPrefix =
      !loops &&
      uncovered.every((k) => {
        const command = commands[k];
        const first = commandWords(command)[0];
        const before = command.words.slice(0, command.words.indexOf(first));
        if (before.some((w) => isAssignment(w))) return false; // `VAR=x node …`: `VAR=x exec node` is not portable
        if (isPackageManager(first.value)) return false; // exec npm would still leave npm as PID 1
        if (command.previous === '|' || command.previous === '|&' || command.previous === '&') return false;
        return command.next === undefined || command.next === '\n' || command.next === ';';
      }) &&
      commands.every((c, m) => m <= uncovered[0] || set.has(m) || commandWords(c).length === 0 || execs.includes(m));
    result.withoutExec = { commands: uncovered.map((k) => commands[k]), canPrefix };
    return result;
  }
  if (execs.length && isPackageManager(lastExecWords[0]))
    result.execPackageManager = { command: commands[execs[execs.length - 1]], words: lastExecWords };
  return result;
}

/**
 * Where each command is in the script's blocks: `paths[m]` is a `/block.arm` step per enclosing block
 * (`if`/`case`/loops, `{ … }` groups, function bodies; `else`/`elif` and each case pattern start another
 * arm), so one path starting with another is inside it; `functions[m]` the innermost function body it is
 * in (-1: none); `arms[m]` the block whose arm ends or begins at command m (an `else`, `elif`, a case
 * pattern or a `;;`).
 */
function blockPaths(commands: readonly ShellCommand[]): { paths: string[]; functions: number[]; arms: (number | undefined)[] } {
  const stack: { id: number; arm: number; kind: string; fn: boolean }[] = [];
  let blocks = 0;
  const paths: string[] = [];
  const functions: number[] = [];
  const arms: (number | undefined)[] = [];
  for (let m = 0; m < commands.length; m++) {
    const command = commands[m];
    let arm: number | undefined;
    for (const word of leadingReserved(command)) {
      if (word === 'if' || word === 'case' || word === 'while' || word === 'until' || word === 'for' || word === 'select' || word === '{')
        // `name() {`: the parse gives `name` before `(`, then `{` after `)`.
        stack.push({ id: blocks++, arm: 0, kind: word, fn: word === '{' && command.previous === ')' && commands[m - 1]?.next === '(' });
      else if ((word === 'else' || word === 'elif') && stack.length) {
        stack[stack.length - 1].arm++;
        arm = stack[stack.length - 1].id;
      } else if (word === 'fi' || word === 'esac' || word === 'done' || word === '}') stack.pop();
    }
    const top = stack[stack.length - 1];
    if (top?.kind === 'case' && (command.next === ')' || command.next === ';;')) {
      // `web)`: a case pattern starts another arm; `;;` ends one.
      if (command.next === ')') top.arm++;
      arm = top.id;
    }
    paths.push(stack.map((b) => `/${b.id}.${b.arm}`).join(''));
    functions.push([...stack].reverse().find((b) => b.fn)?.id ?? -1);
    arms.push(arm);
  }
  return { paths, functions, arms };
}

/** `['node', 'server.js']` (single quotes, not JSON) → argv, when it is nothing but quoted strings. */
function looseArray(text: string): string[] | undefined {
  const m = /^\[\s*(.*?)\s*\]$/s.exec(text);
  if (!m) return undefined;
  const items: string[] = [];
  const re = /\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*(,|$)/gy;
  let last = 0;
  let match: RegExpExecArray | null;
  while (last < m[1].length && (match = re.exec(m[1]))) {
    items.push(match[1] ?? match[2]);
    last = re.lastIndex;
    if (match[3] === '') break;
  }
  return last === m[1].length && items.length > 0 ? items : undefined;
}

function truncate(text: string, max = 70): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
