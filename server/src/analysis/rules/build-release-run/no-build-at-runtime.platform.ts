/**
 * `build-release-run/no-build-at-runtime` in a hosting platform's file (knowledge/platforms.ts): a start command of
 * Render's blueprint, railway.json, heroku.yml, App Engine's app.yaml, Cloud Foundry's manifest or a production
 * compose file must not install, build, compile, watch or fetch; the platform has a build of its own for that.
 * Package scripts it runs are judged on package.json.
 */
import * as path from 'node:path';
import type { ConfigCheck } from '../../rule';
import type { JsonDocument } from '../../languages/config/json';
import type { YamlDocument } from '../../languages/config/yaml';
import { declaredIn, manifestAt, nearestPackageDir, shellSteps, type Read } from '../../knowledge/starts';
import { platformCommands } from '../../knowledge/platforms';
import { isNonProductionFile } from '../../knowledge/startup';
import { relativePath } from '../../paths';
import { MESSAGE_BY_KIND, adviceFor } from './no-build-at-runtime.messages';

function manifestOf(dir: string, root: string, read: Read): ReturnType<typeof manifestAt> {
  const found = nearestPackageDir(dir, root, read);
  return found === undefined ? undefined : manifestAt(found, read);
}

export const platformCheck: ConfigCheck<JsonDocument | YamlDocument> = {
  check(ctx) {
    if (isNonProductionFile(relativePath(ctx.root, ctx.file))) return;
    for (const platform of platformCommands(ctx.file, ctx.document.entries)) {
      if (platform.role !== 'start') continue;
      const declared = declaredIn(
        manifestOf(path.resolve(path.dirname(ctx.file), platform.rootDir), ctx.root, (f: string) => ctx.host.readFile(f)),
      );
      // `sh -c '…'`: the shell's script is the command line.
      const { script: text, scriptShift: shift } = platform;
      for (const s of shellSteps(text, declared)) {
        if (!s.step) continue;
        ctx.report({
          messageId: MESSAGE_BY_KIND[s.step.kind],
          data: {
            what: s.step.label,
            where: platform.where,
            start: 'every instance runs it when it starts',
            advice: adviceFor(s.step, platform.buildPlace),
          },
          range: platform.verbatim
            ? ctx.rangeOfOffsets(platform.offset + shift + s.command.start, platform.offset + shift + s.command.end)
            : platform.range,
        });
      }
    }
  },
};
