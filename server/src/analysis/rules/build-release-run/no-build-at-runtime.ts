/**
 * build-release-run/no-build-at-runtime (factor V): the release's start runs what the build produced.
 * Reported where the build is written: the final image's CMD/ENTRYPOINT and its entrypoint script
 * (Dockerfile), a Procfile process, the package.json scripts that are the production start, and server
 * programs that register a compiler as they load. Parts: `.start.ts` (what a start runs), `.scripts.ts`,
 * `.dockerfile.ts`, `.procfile.ts`, `.program.ts`, `.messages.ts`.
 */
import { defineRule } from '../../rule';
import { MESSAGES } from './no-build-at-runtime.messages';
import { dockerfileCheck } from './no-build-at-runtime.dockerfile';
import { jsonCheck } from './no-build-at-runtime.scripts';
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
    languages: ['dockerfile', 'json', 'procfile', 'typescript'],
    fixable: true,
    messages: MESSAGES,
  },
  dockerfile: dockerfileCheck,
  json: jsonCheck,
  procfile: procfileCheck,
  // Judged across files (see `program`): nothing to do in a single file's walk.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: programCheck,
});
