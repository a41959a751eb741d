/**
 * System tools are dependencies too (factor II: "no implicit reliance on system tools"): a runtime file
 * that spawns `ffmpeg`, `convert`, `tesseract`… (directly or through a wrapper package such as
 * fluent-ffmpeg) needs the program in the image. Judged against the Dockerfile that runs the program
 * (its entry's, else the package's or the root's `Dockerfile`): the final image's base (what the official
 * Node images carry) and what its RUN/COPY lines install. No Dockerfile, or a base image we do not
 * know: nothing is said. Information only: the tool may come from elsewhere (a sidecar, a custom base).
 */
import * as path from 'node:path';
import type { ProgramView } from '../../facts/types';
import { parseDockerfile } from '../../languages/dockerfile/parse';
import { dockerModel, type DockerModel } from '../../languages/dockerfile/model';
import { isDockerfileName } from '../../languages/detect';
import { SYSTEM_TOOLS, baseImageHasTool } from '../../knowledge/packaging';
import type { SpawnSite } from './declared-dependency.collect';
import type { CheckState } from './declared-dependency.state';
import { escapeRegExp } from '../../text';
import { relativePath } from '../../paths';

interface Image {
  file: string;
  base?: string;
  /** Text of the final image's RUN, COPY and ADD instructions, lower-cased. */
  installs: string;
}

const images = new WeakMap<CheckState, Map<string, Image | null>>();

function imageFor(state: CheckState, program: ProgramView, file: string): Image | undefined {
  const { context } = state;
  const candidates: string[] = [];
  if (isDockerfileName(program.entry.declaredIn)) candidates.push(program.entry.declaredIn);
  for (const dir of [context.packageOf(file), context.packageOf(program.entry.file), context.root])
    for (const name of ['Dockerfile', 'Containerfile']) candidates.push(path.join(dir, name));
  let cache = images.get(state);
  if (!cache) images.set(state, (cache = new Map<string, Image | null>()));
  for (const candidate of candidates) {
    let image = cache.get(candidate);
    if (image === undefined) {
      const text = context.readFile(candidate);
      image = text === undefined ? null : (readImage(candidate, text) ?? null);
      cache.set(candidate, image);
    }
    if (image) return image;
  }
  return undefined;
}

function readImage(file: string, text: string): Image | undefined {
  let model: DockerModel;
  try {
    model = dockerModel(parseDockerfile(text), text);
  } catch {
    return undefined;
  }
  const final = model.finalStage;
  if (!final) return undefined;
  const chain = model.chain(final);
  const args = new Map<string, string>();
  for (const i of model.instructions) {
    if (i.keyword !== 'ARG') continue;
    const m = /^([A-Za-z_]\w*)=(["']?)([^"'\s]*)\2$/.exec(i.args.text.trim());
    if (m) args.set(m[1], m[3]);
  }
  const base = chain[0].image?.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (whole, name: string) => args.get(name) ?? whole);
  const installs = model
    .finalInstructions()
    .filter((i) => i.keyword === 'RUN' || i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => i.args.text)
    .join('\n')
    .toLowerCase();
  return { file, base, installs };
}

export function judgeSystemTools(
  state: CheckState,
  program: ProgramView,
  file: string,
  spawns: readonly SpawnSite[],
  reported: Set<string>,
): void {
  const image = imageFor(state, program, file);
  if (!image || !image.base || image.base.includes('$')) return;
  for (const spawn of spawns) {
    if (spawn.optional) continue;
    const tool = path.posix.basename(spawn.tool);
    const providers = SYSTEM_TOOLS[tool];
    if (!providers || spawn.tool.startsWith('.')) continue;
    const inBase = baseImageHasTool(image.base, tool);
    if (inBase !== false) continue; // provided, or an image we do not know
    const names = [tool, ...providers].map((n) => n.toLowerCase());
    if (names.some((n) => new RegExp(`(?:^|[\\s/=:'"])${escapeRegExp(n)}(?:$|[\\s/=:'"*-])`, 'm').test(image.installs))) continue;
    const key = `${file}:${spawn.range.start.line}:${spawn.range.start.column}:tool`;
    if (reported.has(key)) continue;
    reported.add(key);
    const dockerfile = relativePath(state.context.root, image.file);
    state.context.report({
      file,
      messageId: 'systemTool',
      data: { tool, via: spawn.via, dockerfile, base: image.base, packages: providers.slice(0, 2).join(' or ') },
      range: spawn.range,
      related: [
        {
          file: image.file,
          range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
          message: `The image ${dockerfile} builds (FROM ${image.base}) does not install ${tool}.`,
        },
      ],
    });
  }
}
