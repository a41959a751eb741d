/**
 * `build-release-run/no-build-at-runtime` in Dockerfiles: what the final image runs when a container
 * starts — its CMD/ENTRYPOINT, the entrypoint script it names (found through the COPY that put it in
 * the image), and the package scripts they run — must not install, build, compile, watch or fetch. RUN
 * steps and build stages are the build: never judged. Images named for development (`Dockerfile.dev`,
 * `dev.Dockerfile`, a final stage named `dev`) are left alone.
 *
 * Package scripts run from the image are judged on package.json (where the finding belongs) when the
 * image is that folder's `Dockerfile`; any other Dockerfile reports them on its CMD.
 *
 * Fix (suggestion): `CMD <build> && … && <start>` → `RUN <build> && …` before the CMD and
 * `CMD <start>`; `CMD ["nodemon", "x.js"]` → `CMD ["node", "x.js"]`.
 */
import * as path from 'node:path';
import type { DockerfileCheck, DockerfileContext, ReportDescriptor } from '../../rule';
import type { Fix, RelatedLocation } from '../../finding';
import { dockerModel, type CommandForm, type DockerModel } from '../../languages/dockerfile/model';
import { execFormText, parseShell, plainCommand } from '../../languages/dockerfile/shell';
import { computeLineStarts, positionAt } from '../../text';
import type { StartStep } from '../../knowledge/packaging';
import { parseJson } from '../../languages/config/json';
import {
  DEV_FILE_NAME,
  isDevImage,
  PACKAGE_DOCKERFILES,
  commandStep,
  commandTexts,
  declaredIn,
  entryScript,
  manifestAt,
  nearestPackageDir,
  productionScripts,
  shellSteps,
  startsAppWords,
  walkScripts,
  type Read,
} from '../../knowledge/starts';
import { MESSAGE_BY_KIND, adviceFor } from './no-build-at-runtime.messages';
import { directStart, scriptCommandRange } from './no-build-at-runtime.scripts';
import { relativePath } from '../../paths';
import { commandsUnder, flyOverrideOf } from '../../knowledge/fly';

const DEV_STAGE = /^(?:dev|develop|development|debug|test|local)$/i;

export const dockerfileCheck: DockerfileCheck = {
  prefilter: (text) => /\b(?:cmd|entrypoint)\b/i.test(text),
  check(ctx) {
    const rel = relativePath(ctx.root, ctx.file);
    if (isDevImage(rel)) return;
    // A platform runs the image with commands of its own (fly.toml's [processes]): not this CMD (its ENTRYPOINT still runs).
    const fly = flyOverrideOf(ctx.file, ctx.root, (f) => ctx.host.readFile(f));
    const model = dockerModel(ctx.dockerfile, ctx.text);
    const final = model.finalStage;
    if (!final || (final.name && DEV_STAGE.test(final.name))) return;
    const effective = model.effectiveCommand();
    const read: Read = (f) => ctx.host.readFile(f);
    const packageDir = nearestPackageDir(path.dirname(ctx.file), ctx.root, read);
    const manifest = packageDir ? manifestAt(packageDir, read) : undefined;
    const declared = declaredIn(manifest);
    const kept = commandsUnder(fly, effective);
    // An image named for a task whose command starts nothing (`Dockerfile-reset`: `CMD ["/bin/sh", "-c", "gulp reset; gulp"]`)
    // runs a one-off task, not a release's process: there is no start to keep its build out of.
    if (TASK_IMAGE.test(path.basename(ctx.file)) && oneOffTask(model, ctx.file, [kept.entrypoint, kept.cmd], read)) return;
    for (const form of [kept.entrypoint, kept.cmd]) {
      if (!form) continue;
      judgeForm(ctx, model, form, declared, packageDir, read);
    }
  },
};

/** Image names of one-off tasks: `Dockerfile-reset`, `Dockerfile.seed`, `migrate.Dockerfile`, `Dockerfile.backup`. */
const TASK_IMAGE =
  /(?:^|[._-])(?:reset|seed|seeds|seeder|migrate|migration|migrations|setup|init|job|jobs|task|tasks|backup|cleanup|admin|tools?|cli)(?:[._-]|$)/i;

/** The image's commands start no app and run no package script (which might): a task run once, not a process kept up. */
function oneOffTask(model: DockerModel, file: string, forms: readonly (CommandForm | undefined)[], read: Read): boolean {
  const present = forms.filter((f): f is CommandForm => !!f);
  if (present.length === 0 || present.some((f) => entryScript(model, file, f, read))) return false;
  for (const form of present)
    for (const text of commandTexts(form)) {
      const steps = shellSteps(text);
      if (steps.length === 0 || steps.some((step) => step.startsApp || step.scripts?.length)) return false;
    }
  return true;
}

function judgeForm(
  ctx: DockerfileContext,
  model: DockerModel,
  form: CommandForm,
  declared: (name: string) => boolean,
  packageDir: string | undefined,
  read: Read,
): void {
  const keyword = form.instruction.keyword;
  const range = model.argsRange(form.instruction);
  const reports: ReportDescriptor[] = [];
  const scriptsRun: { names: string[]; where: string }[] = [];
  // A shell-form command on one line is the source itself: the finding sits on the step (`npm install`).
  const sourceLine = range.start.line === range.end.line ? ctx.text.split('\n')[range.start.line] : undefined;
  const sameText = (text: string) => sourceLine?.slice(range.start.column, range.end.column) === text;
  for (const text of commandTexts(form)) {
    const steps = shellSteps(text, declared);
    const exact = form.form === 'shell' && sameText(text);
    for (const s of steps) {
      if (s.scripts?.length && !s.target) scriptsRun.push({ names: s.scripts, where: keyword });
      if (!s.step) continue;
      reports.push({
        messageId: MESSAGE_BY_KIND[s.step.kind],
        data: { what: s.step.label, where: `the ${keyword}`, start: 'it runs when the container starts', advice: adviceFor(s.step) },
        range: exact
          ? {
              start: { line: range.start.line, column: range.start.column + s.command.start },
              end: { line: range.start.line, column: range.start.column + s.command.end },
            }
          : range,
        fixes: fixesFor(ctx, model, form, text, s.step.kind === 'build' || s.step.kind === 'install'),
      });
    }
  }
  const script = entryScript(model, ctx.file, form, read);
  // An image whose entrypoint is a development script (`startup.dev.sh`) is a development image.
  if (script && DEV_FILE_NAME.test(path.basename(script.file))) return;
  if (script) {
    const name = relativePath(ctx.root, script.file);
    const starts = computeLineStarts(script.text);
    // One finding per kind of step, listing every line of the script that does it.
    const byKind = new Map<string, { step: StartStep; labels: Set<string>; lines: number[]; related: RelatedLocation[] }>();
    for (const s of shellSteps(script.text, declared)) {
      const at = positionAt(starts, s.command.start);
      if (s.scripts?.length && !s.target) scriptsRun.push({ names: s.scripts, where: `${name}:${at.line + 1}` });
      if (!s.step) continue;
      let group = byKind.get(s.step.kind);
      if (!group) byKind.set(s.step.kind, (group = { step: s.step, labels: new Set(), lines: [], related: [] }));
      group.labels.add(s.step.label);
      group.lines.push(at.line + 1);
      group.related.push({
        file: script.file,
        range: { start: at, end: positionAt(starts, s.command.end) },
        message: `${s.step.label} runs at every start`,
      });
    }
    for (const group of byKind.values()) {
      reports.push({
        messageId: MESSAGE_BY_KIND[group.step.kind],
        data: {
          what: [...group.labels].join(', '),
          where: `${name} (line${group.lines.length > 1 ? 's' : ''} ${group.lines.join(', ')})`,
          start: `the ${keyword} runs this script when the container starts`,
          advice: adviceFor(group.step),
        },
        range,
        related: group.related,
      });
    }
  }
  // Package scripts: judged on package.json when this image is the folder's own Dockerfile.
  if (packageDir && scriptsRun.length) {
    const manifest = manifestAt(packageDir, read)!;
    const covered =
      PACKAGE_DOCKERFILES.includes(path.basename(ctx.file)) && path.dirname(ctx.file) === packageDir
        ? new Set(productionScripts(packageDir, read, ctx.root).scripts.map((s) => s.name))
        : new Set<string>();
    for (const run of scriptsRun) {
      const names = run.names.filter((n) => !covered.has(n));
      if (names.length === 0) continue;
      const walk = walkScripts(manifest, names, declared);
      const document = parseJson(read(manifest.file) ?? '');
      for (const s of walk.steps) {
        const scriptRange = scriptCommandRange(document, s.script, s.start, s.end);
        const related: RelatedLocation[] = scriptRange
          ? [{ file: manifest.file, range: scriptRange, message: `${s.step.label} in the "${s.script}" script` }]
          : [];
        reports.push({
          messageId: MESSAGE_BY_KIND[s.step.kind],
          data: {
            what: s.step.label,
            where: `the "${s.script}" script of package.json`,
            start: `${run.where} runs "${s.via[0]}"${s.via.length > 1 ? ` (${s.via.join(' → ')})` : ''} when the container starts`,
            advice: adviceFor(s.step),
          },
          range,
          related,
        });
      }
    }
  }
  const seen = new Set<string>();
  for (const r of reports) {
    const key = `${r.messageId}:${String(r.data?.what)}:${String(r.data?.where)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.report(r);
  }
}

/**
 * Exact rewrites of a CMD/ENTRYPOINT: `a && b && start` whose leading commands all build or install
 * becomes `RUN a && b` (inserted before it) and the start alone (exec form when it is plain);
 * `nodemon x.js` / `node --watch x.js` becomes `node x.js`.
 */
function fixesFor(ctx: DockerfileContext, model: DockerModel, form: CommandForm, text: string, buildLike: boolean): Fix[] {
  const parse = parseShell(text);
  if (parse.broken || parse.comments.length) return [];
  const commands = parse.commands.filter((c) => c.words.length);
  if (commands.length === 0 || commands.some((c) => c.redirects.length)) return [];
  const starts = computeLineStarts(ctx.text);
  const argsRange = model.argsRange(form.instruction);
  const keyword = form.instruction.keyword;
  const plainOrShell = (t: string) => {
    const plain = plainCommand(t);
    return plain ? execFormText(plain) : t;
  };
  if (buildLike && commands.length > 1) {
    if (commands.slice(0, -1).some((c) => c.next !== '&&')) return [];
    const kinds = commands.map((c) => commandStep(c.words.map((w) => w.value)).step);
    const last = commands[commands.length - 1];
    if (!kinds.slice(0, -1).every((k) => k && (k.kind === 'build' || k.kind === 'install')) || kinds[kinds.length - 1]) return [];
    if (!startsAppWords(last.words.map((w) => w.value)) && !commandStep(last.words.map((w) => w.value)).scripts) return [];
    if (form.form === 'exec' && !(form.argv && form.argv.length === 3)) return [];
    const build = text.slice(commands[0].start, commands[commands.length - 2].end).trim();
    const start = text.slice(last.start).trim();
    const newArgs = form.form === 'exec' ? execFormText([form.argv![0], form.argv![1], start]) : plainOrShell(start);
    const at = positionAt(starts, form.instruction.start);
    const lineStart = { line: at.line, column: 0 };
    const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
    return [
      {
        kind: 'suggestion',
        title: `Build in the image: RUN ${build}, then ${keyword} ${newArgs}`,
        changes: [
          { kind: 'replace', file: ctx.file, range: { start: lineStart, end: lineStart }, newText: `RUN ${build}${eol}` },
          { kind: 'replace', file: ctx.file, range: argsRange, newText: newArgs },
        ],
      },
    ];
  }
  if (commands.length === 1 && !buildLike) {
    const words = commands[0].words.map((w) => w.value);
    const step = commandStep(words).step;
    if (!step) return [];
    const direct = directStart(words, step, path.dirname(ctx.file), undefined, () => undefined);
    if (!direct || direct.build) return [];
    const argv = direct.start.split(' ');
    const newArgs =
      form.form === 'exec' && !form.argv?.some((w) => /\s/.test(w)) && shellFreeExec(form) ? execFormText(argv) : direct.start;
    return [
      {
        kind: 'suggestion',
        title: `Run the program with node: ${keyword} ${newArgs}`,
        changes: [{ kind: 'replace', file: ctx.file, range: argsRange, newText: newArgs }],
      },
    ];
  }
  return [];
}

function shellFreeExec(form: CommandForm): boolean {
  return form.form === 'exec' && !!form.argv && !/^(?:\/bin\/)?(?:ba)?sh$/.test(form.argv[0]);
}
