/**
 * Plain-data facts of one Dockerfile, for the compliance report and the program model: stages and their
 * base images (pinned or not), how dependencies are installed, and what the final image runs — CMD and
 * ENTRYPOINT (form and argv), an init in front, exposed ports, HEALTHCHECK, USER, ENV keys, WORKDIR.
 * Read from the same model the Dockerfile rules use (languages/dockerfile/model.ts). Lines are 0-based.
 */
import { Env } from 'dockerfile-ast';
import { parseDockerfile } from '../languages/dockerfile/parse';
import { dockerModel, type CommandForm, type DockerModel } from '../languages/dockerfile/model';
import { parseShell } from '../languages/dockerfile/shell';
import { initOf, programName } from '../languages/dockerfile/commands';

export interface DockerCommandFact {
  instruction: 'CMD' | 'ENTRYPOINT';
  form: 'exec' | 'shell';
  /** Exec form: the words. */
  argv?: string[];
  /** Shell form: the command text given to the shell. */
  shell?: string;
  line: number;
}

export interface DockerBaseImage {
  /** As written, with global ARG defaults substituted (`node:20-slim`). */
  image: string;
  /** A version tag with a digit (`node:20.11-alpine`, `node:20`) or a digest; not `latest`, `lts`, `alpine` or no tag. */
  pinned: boolean;
  line: number;
  /** The stage's `AS` name. */
  stage?: string;
}

export interface DockerfileFacts {
  stages: number;
  /** Base images of the stages; stages built on an earlier stage (`FROM build`) and `scratch` are left out. */
  from: DockerBaseImage[];
  /** `RUN npm ci` lines (any stage). */
  npmCi: number[];
  /** `RUN npm install` (of package.json, not `npm install -g x`) lines. */
  npmInstall: number[];
  /** What the final image runs (its stages and the stages they are built FROM). */
  final?: {
    base?: DockerBaseImage;
    entrypoint?: DockerCommandFact;
    cmd?: DockerCommandFact;
    /** The instruction that decides PID 1: a shell-form ENTRYPOINT, else CMD, else ENTRYPOINT. */
    command?: DockerCommandFact;
    /** An init in front of the app (`tini`, `dumb-init`…), from the ENTRYPOINT or CMD. */
    init?: { name: string; line: number };
    expose: { port: string; line: number }[];
    healthcheck?: { line: number; disabled: boolean };
    user?: { name: string; line: number };
    envKeys: string[];
    workdir?: string;
  };
}

/** Facts of a Dockerfile's text. Never throws: an unparseable text gives empty facts. */
export function dockerfileFacts(text: string): DockerfileFacts {
  try {
    return factsOf(dockerModel(parseDockerfile(text), text));
  } catch {
    return { stages: 0, from: [], npmCi: [], npmInstall: [] };
  }
}

export function factsOf(model: DockerModel): DockerfileFacts {
  const lineOf = (offset: number) => model.range(offset, offset).start.line;
  const globalArgs = new Map<string, string>();
  for (const instruction of model.instructions) {
    if (instruction.stage >= 0 || instruction.keyword !== 'ARG') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^"'\s]*)\2$/.exec(instruction.args.text.trim());
    if (m) globalArgs.set(m[1], m[3]);
  }
  const substitute = (image: string) =>
    image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => globalArgs.get(name) ?? whole);
  const bases = new Map<number, DockerBaseImage>();
  for (const stage of model.stages) {
    if (stage.parent || !stage.image) continue;
    const image = substitute(stage.image);
    if (image.toLowerCase() === 'scratch' || image.includes('$')) continue;
    bases.set(stage.index, {
      image,
      pinned: isPinned(image),
      line: lineOf(stage.from.start),
      ...(stage.name ? { stage: stage.name } : {}),
    });
  }
  const facts: DockerfileFacts = { stages: model.stages.length, from: [...bases.values()], npmCi: [], npmInstall: [] };
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of parseShell(instruction.args.text.slice(model.flags(instruction).rest)).commands) {
      const words = command.words.map((w) => w.value);
      if (programName(words[0]) !== 'npm') continue;
      const rest = words.slice(1).filter((w) => !w.startsWith('-'));
      const line = lineOf(model.logicalOffset(instruction.args, command.start + model.flags(instruction).rest));
      if (rest[0] === 'ci' || rest[0] === 'clean-install') facts.npmCi.push(line);
      else if ((rest[0] === 'install' || rest[0] === 'i') && rest.length === 1 && !words.includes('-g') && !words.includes('--global'))
        facts.npmInstall.push(line);
    }
  }
  const final = model.finalStage;
  if (!final) return facts;
  const chain = model.chain(final);
  const effective = model.effectiveCommand();
  const fact = (form: CommandForm | undefined): DockerCommandFact | undefined =>
    form && {
      instruction: form.instruction.keyword as 'CMD' | 'ENTRYPOINT',
      form: form.form,
      ...(form.argv ? { argv: form.argv } : { shell: form.shell }),
      line: lineOf(form.instruction.start),
    };
  const entrypoint = fact(effective.entrypoint);
  const cmd = fact(effective.cmd);
  const out: NonNullable<DockerfileFacts['final']> = {
    expose: [],
    envKeys: [],
    ...(effective.workdir ? { workdir: effective.workdir } : {}),
  };
  const base = bases.get(chain[0].index);
  if (base) out.base = base;
  if (entrypoint) out.entrypoint = entrypoint;
  if (cmd) out.cmd = cmd;
  const command = entrypoint?.form === 'shell' ? entrypoint : (cmd ?? entrypoint);
  if (command) out.command = command;
  // With an ENTRYPOINT, only it can put an init in front; without one, the CMD can.
  const front = entrypoint ?? cmd;
  const init = front?.argv ? initOf(front.argv) : undefined;
  if (front && init) out.init = { name: init, line: front.line };
  const env = new Set<string>();
  for (const instruction of model.finalInstructions()) {
    const line = lineOf(instruction.start);
    switch (instruction.keyword) {
      case 'EXPOSE':
        for (const port of instruction.args.text.split(/\s+/).filter(Boolean)) out.expose.push({ port, line });
        break;
      case 'HEALTHCHECK':
        out.healthcheck = { line, disabled: /^none$/i.test(instruction.args.text.trim()) };
        break;
      case 'USER':
        if (instruction.args.text.trim()) out.user = { name: instruction.args.text.trim(), line };
        break;
      case 'ENV':
        if (instruction.node instanceof Env) for (const p of instruction.node.getProperties()) env.add(p.getName());
        break;
    }
  }
  out.envKeys = [...env];
  facts.final = out;
  return facts;
}

/** `node:20.11-alpine`, `node:20`, `node@sha256:…` are pinned; `node`, `node:latest`, `node:lts-alpine`, `node:alpine` are not. */
export function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  if (colon < 0) return false;
  const tag = image.slice(colon + 1);
  return /\d/.test(tag) && !/^latest$/i.test(tag);
}
