/**
 * build-release-run/no-build-at-runtime (factor V): the release's start runs what the build produced.
 * Reported where the build is written: the final image's CMD/ENTRYPOINT and its entrypoint script
 * (Dockerfile), a Procfile process, the package.json scripts that are the production start, and server
 * programs that register a compiler as they load, and a hosting platform's start commands (render.yaml, railway.json…).
 * Parts: `.scripts.ts`, `.dockerfile.ts`, `.procfile.ts`, `.platform.ts`, `.program.ts`, `.messages.ts`.
 */
import * as path from 'node:path';
import { defineRule } from '../../rule';
import { MESSAGES } from './no-build-at-runtime.messages';
import { dockerfileCheck } from './no-build-at-runtime.dockerfile';
import { jsonCheck as scriptsCheck } from './no-build-at-runtime.scripts';
import { platformCheck } from './no-build-at-runtime.platform';
import { procfileCheck } from './no-build-at-runtime.procfile';
import { programCheck } from './no-build-at-runtime.program';

export default defineRule({
  meta: {
    id: 'build-release-run/no-build-at-runtime',
    factor: 5,
    description:
      "The production start runs the build's output: no install, build, in-memory compiler, watcher or git pull in the final image's CMD, its entrypoint script, the Procfile or the start scripts.",
    defaultSeverity: 'warning',
    testFileSeverity: 'off',
    languages: ['dockerfile', 'json', 'yaml', 'procfile', 'typescript'],
    fixable: true,
    messages: MESSAGES,
  },
  dockerfile: dockerfileCheck,
  json: {
    // package.json's scripts, railway.json's `startCommand`.
    prefilter: (text) => /"scripts"|Command"/.test(text),
    check: (ctx) => (path.basename(ctx.file) === 'package.json' ? scriptsCheck.check(ctx) : platformCheck.check(ctx)),
  },
  yaml: platformCheck,
  procfile: procfileCheck,
  // Judged across files (see `program`): nothing to do in a single file's walk.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: programCheck,
});
