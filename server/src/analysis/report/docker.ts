/** Dockerfile facts → the evidence the report weighs (see DockerEvidence in ./build.ts). */
import type { DockerEvidence } from './build';

export function dockerEvidence(file: string, _text: string): DockerEvidence {
  // Filled from the Dockerfile facts (facts/dockerfile.ts) once they land.
  return { file, stages: 1, from: [], npmCi: [], npmInstall: [], expose: [] };
}
