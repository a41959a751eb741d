/** Messages of `build-release-run/no-build-at-runtime`, by what the start does. */
import type { StartStep, StartStepKind } from '../../knowledge/packaging';

export const MESSAGES = {
  installAtStart:
    '{{what}} in {{where}} installs packages every time the release starts ({{start}}): what runs then depends on the registry at that moment, not on the build that was tested. {{advice}}',
  buildAtStart:
    '{{what}} in {{where}} builds every time the release starts ({{start}}): each process compiles its own output, starts slowly and may differ from the build that was tested. {{advice}}',
  compileAtStart:
    "{{what}} in {{where}} compiles the sources in memory when the release starts ({{start}}): the run stage should execute the build's output, not ship and run a compiler. {{advice}}",
  watcherAtStart:
    '{{what}} in {{where}} is a development watcher or server, started as the production process ({{start}}): it rebuilds or restarts on file changes, which a release never has. {{advice}}',
  fetchAtStart:
    '{{what}} in {{where}} fetches code when the release starts ({{start}}): the code that runs is then no longer the release that was built. {{advice}}',
  runtimeCompiler:
    'This server program loads {{module}}, which compiles the sources as they are required ({{start}}): the production start compiles at run time. Compile in the build step (tsc or a bundler) and start the output with node.',
} as const;

export const MESSAGE_BY_KIND: Record<StartStepKind, keyof typeof MESSAGES> = {
  install: 'installAtStart',
  build: 'buildAtStart',
  compile: 'compileAtStart',
  watch: 'watcherAtStart',
  fetch: 'fetchAtStart',
};

/** What to do instead; `buildPlace` names the build of the platform that runs the start (`Render's buildCommand`). */
export function adviceFor(step: StartStep, buildPlace?: string): string {
  switch (step.kind) {
    case 'install':
      return buildPlace
        ? `Install in ${buildPlace} and start with what it installed.`
        : "Install in the build stage (RUN npm ci in the image, or the platform's build) and start with what it installed.";
    case 'build':
      return buildPlace
        ? `Build in ${buildPlace} and start the built output (node dist/…).`
        : "Build in the build stage (RUN npm run build in the image, or the platform's build step) and start the built output (node dist/…).";
    case 'compile':
      return 'Compile in the build stage (tsc or a bundler) and start the output with node.';
    case 'watch':
      return 'Start the built output with node; keep the watcher in a dev script.';
    case 'fetch':
      return 'Ship the code in the image or slug built from one commit.';
  }
}
