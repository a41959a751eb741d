/**
 * `build-release-run/no-build-at-runtime` in Procfiles: a process type's command (every type but
 * `release`, which runs once per release) must not install, build, compile, watch or fetch. Package
 * scripts it runs are judged on package.json, which reads the Procfile to know its production start.
 *
 * Fix (suggestion): `web: nodemon x.js` → `web: node x.js`; `web: npm run build && node x.js` →
 * `web: node x.js` when package.json's `build` script is what the platform's build runs.
 */
import * as path from 'node:path';
import type { ConfigCheck } from '../../rule';
import type { Fix } from '../../finding';
import { isOneOffProcessType, type ProcfileDocument } from '../../languages/config/procfile';
import { parseShell } from '../../languages/dockerfile/shell';
import { commandStep, declaredIn, manifestAt, shellSteps, startsAppWords, type Read } from '../../knowledge/starts';
import { MESSAGE_BY_KIND, adviceFor } from './no-build-at-runtime.messages';
import { directStart } from './no-build-at-runtime.scripts';
import { isNonProductionFile } from '../../knowledge/startup';
import { relativePath } from '../../paths';

export const procfileCheck: ConfigCheck<ProcfileDocument> = {
  check(ctx) {
    // `Procfile.dev`, `dev/Procfile`: what `heroku local` or foreman runs on a developer's machine, never deployed.
    if (isNonProductionFile(relativePath(ctx.root, ctx.file))) return;
    const dir = path.dirname(ctx.file);
    const read: Read = (f) => ctx.host.readFile(f);
    const manifest = manifestAt(dir, read);
    const declared = declaredIn(manifest);
    for (const p of ctx.document.processes) {
      if (isOneOffProcessType(p.type)) continue;
      for (const s of shellSteps(p.command, declared)) {
        if (!s.step) continue;
        const start = p.commandStart + s.command.start;
        const end = p.commandStart + s.command.end;
        const fixes: Fix[] = [];
        const rewritten = rewrite(p.command, dir, manifest, read);
        if (rewritten !== undefined)
          fixes.push({
            kind: 'suggestion',
            title: `Start the built program: ${p.type}: ${rewritten}`,
            changes: [{ kind: 'replace', file: ctx.file, range: ctx.rangeOfOffsets(p.commandStart, p.commandEnd), newText: rewritten }],
          });
        ctx.report({
          messageId: MESSAGE_BY_KIND[s.step.kind],
          data: {
            what: s.step.label,
            where: `the Procfile's ${p.type} process`,
            start: `every ${p.type} process runs it when it starts`,
            advice: adviceFor(s.step),
          },
          range: ctx.rangeOfOffsets(start, end),
          fixes,
        });
      }
    }
  },
};

function rewrite(command: string, dir: string, manifest: ReturnType<typeof manifestAt>, read: Read): string | undefined {
  const parse = parseShell(command);
  if (parse.broken || parse.comments.length) return undefined;
  const commands = parse.commands.filter((c) => c.words.length);
  if (commands.some((c) => c.redirects.length)) return undefined;
  const kinds = commands.map((c) => commandStep(c.words.map((w) => w.value)));
  if (commands.length === 1 && kinds[0].step) {
    const direct = directStart(
      commands[0].words.map((w) => w.value),
      kinds[0].step,
      dir,
      manifest,
      read,
    );
    return direct && !direct.build ? direct.start : undefined;
  }
  if (commands.length < 2 || commands.slice(0, -1).some((c) => c.next !== '&&')) return undefined;
  const last = commands[commands.length - 1];
  if (kinds[kinds.length - 1].step || !startsAppWords(last.words.map((w) => w.value))) return undefined;
  // The platform's build runs `build`: dropping the build from the start is exact only when that script is it.
  const buildScript = manifest?.scripts.build?.trim();
  for (let i = 0; i < commands.length - 1; i++) {
    const step = kinds[i].step;
    const text = command.slice(commands[i].start, commands[i].end).trim();
    if (!step) return undefined;
    if (step.kind === 'install') continue;
    if (step.kind !== 'build') return undefined;
    if (!(kinds[i].scripts?.scripts.includes('build') || /^(?:npm run|yarn|pnpm(?: run)?) build$/.test(text) || text === buildScript))
      return undefined;
    if (buildScript === undefined) return undefined;
  }
  return command.slice(last.start).trim();
}
