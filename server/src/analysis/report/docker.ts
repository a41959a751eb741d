/** Dockerfile facts (facts/dockerfile.ts) → the evidence the report weighs (see DockerEvidence in ./build.ts). 1-based lines. */
import type { DockerEvidence } from './build';
import type { DockerfileFacts } from '../facts/dockerfile';

export function dockerEvidence(file: string, facts: DockerfileFacts): DockerEvidence {
  const evidence: DockerEvidence = {
    file,
    stages: facts.stages,
    from: facts.from.map((f) => ({ image: f.image, pinned: f.pinned, line: f.line + 1 })),
    npmCi: facts.npmCi.map((l) => l + 1),
    npmInstall: facts.npmInstall.map((l) => l + 1),
    expose: (facts.final?.expose ?? []).map((e) => ({ port: e.port, line: e.line + 1 })),
  };
  const command = facts.final?.command;
  // `CMD ["npm", "start"]` is exec form, yet npm is PID 1: no "signals reach the process" claim for it.
  const packageManager = command?.argv && /^(npm|yarn|pnpm)$/.test(command.argv[0]?.split('/').pop() ?? '');
  if (command && !packageManager) evidence.command = { instruction: command.instruction, form: command.form, line: command.line + 1 };
  const init = facts.final?.init;
  if (init) evidence.init = { name: init.name, line: init.line + 1 };
  return evidence;
}
