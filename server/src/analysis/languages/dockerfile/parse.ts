import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}
