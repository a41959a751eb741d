/**
 * What the Dockerfile checks and facts need from a parsed Dockerfile, computed once per parse:
 * instructions with their argument text as the builder sees it (line continuations and the comment lines
 * inside them removed) mapped back to document offsets, build stages and what each inherits
 * (`FROM <stage>`), the final stage's effective `ENTRYPOINT`/`CMD`, `WORKDIR`s, and which build-context
 * file a path in the image came from (`COPY`/`ADD`). Pure data over `dockerfile-ast`'s parse.
 */
import * as path from 'node:path';
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { Range } from '../../finding';
import { computeLineStarts, escapeRegExp, offsetAt, positionAt } from '../../text';
import { parseShell } from './shell';

/** Argument text with continuations removed; `map[i]` is the document offset of character i (`map[length]` = end). */
export interface Logical {
  text: string;
  map: number[];
}

export interface DockerInstruction {
  node: Instruction;
  /** Upper-case keyword (`CMD`, `ENV`…). */
  keyword: string;
  /** Document offsets of the whole instruction. */
  start: number;
  end: number;
  /** The arguments (flags included), as the builder reads them. */
  args: Logical;
  /** Index into DockerModel.stages; -1 before the first FROM. */
  stage: number;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased. */
  name?: string;
  from: DockerInstruction;
  /** The image as written (`node:20-slim`), undefined for `FROM scratch`-less oddities. */
  image?: string;
  /** The stage this one is built on (`FROM build`), when it names an earlier stage. */
  parent?: Stage;
  instructions: DockerInstruction[];
}

/** A `--name=value` flag at the start of RUN/COPY/ADD arguments. */
interface Flag {
  name: string;
  value?: string;
  start: number;
  end: number;
}

/** `CMD`/`ENTRYPOINT` arguments: exec form (`argv`) or shell form (`shell`, the text given to `/bin/sh -c`). */
export interface CommandForm {
  instruction: DockerInstruction;
  form: 'exec' | 'shell';
  argv?: string[];
  /** Shell form: the command text (logical). */
  shell?: string;
  /** Shell form that looks like a mistyped exec form (`['node', 'x']`, not valid JSON). */
  brokenJson?: boolean;
}

interface EffectiveCommand {
  entrypoint?: CommandForm;
  cmd?: CommandForm;
  /** WORKDIR in force for the container (absolute, or undefined when unknown). */
  workdir?: string;
  /** The user the container runs as, when set. */
  user?: string;
}

const models = new WeakMap<Dockerfile, DockerModel>();

/** The model of a parse, built once and shared by every rule that reads it. */
export function dockerModel(dockerfile: Dockerfile, text: string): DockerModel {
  let model = models.get(dockerfile);
  if (!model || model.text !== text) {
    model = new DockerModel(dockerfile, text);
    models.set(dockerfile, model);
  }
  return model;
}

export class DockerModel {
  readonly lineStarts: number[];
  readonly escape: string;
  readonly instructions: DockerInstruction[] = [];
  readonly stages: Stage[] = [];

  constructor(
    readonly dockerfile: Dockerfile,
    readonly text: string,
  ) {
    this.lineStarts = computeLineStarts(text);
    this.escape = dockerfile.getEscapeCharacter() || '\\';
    for (const node of dockerfile.getInstructions()) {
      const r = node.getRange();
      const start = this.offset(r.start.line, r.start.character);
      const end = this.offset(r.end.line, r.end.character);
      const keywordRange = node.getInstructionRange();
      const keywordEnd = this.offset(keywordRange.end.line, keywordRange.end.character);
      const keyword = node.getKeyword().toUpperCase();
      let stage = this.stages.length - 1;
      const instruction: DockerInstruction = { node, keyword, start, end, args: this.logical(keywordEnd, end), stage };
      if (keyword === 'FROM') {
        const words = this.args(instruction).filter((w) => !w.startsWith('--'));
        const name = words.length >= 3 && words[1].toLowerCase() === 'as' ? words[2].toLowerCase() : undefined;
        const image = words[0];
        const parent = image ? (this.stages.find((s) => s.name === image.toLowerCase()) ?? this.stageByPattern(image)) : undefined;
        stage = this.stages.length;
        instruction.stage = stage;
        this.stages.push({ index: stage, name, from: instruction, image, parent, instructions: [] });
      }
      this.instructions.push(instruction);
      if (stage >= 0) this.stages[stage].instructions.push(instruction);
    }
  }

  /**
   * The earlier stage a `FROM` names through a build argument (`FROM build-${TARGETARCH}`, one stage per architecture):
   * the argument's default when a global `ARG` gives one, else the first stage whose name fits the pattern (per-architecture
   * stages copy the same files and start the same way).
   */
  private stageByPattern(image: string): Stage | undefined {
    if (!image.includes('$')) return undefined;
    // `FROM ${NODE_IMAGE}`: a variable alone names an image as often as a stage; only a name with a literal part
    // beside the variable (`build-${TARGETARCH}`) is matched as a pattern.
    const literal = image.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '');
    const defaults = new Map<string, string>();
    for (const instruction of this.instructions)
      if (instruction.keyword === 'ARG' && instruction.stage < 0)
        for (const word of this.args(instruction)) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
          if (m) defaults.set(m[1], m[2].replace(/^["']|["']$/g, ''));
        }
    const parts = image.toLowerCase().split(/(\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*)/i);
    let pattern = '';
    let exact = '';
    for (const part of parts) {
      const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/i.exec(part);
      if (!variable) {
        pattern += escapeRegExp(part);
        exact += part;
        continue;
      }
      const value = [...defaults].find(([k]) => k.toLowerCase() === variable[1].toLowerCase())?.[1];
      pattern += '[a-z0-9_.-]*';
      exact += value?.toLowerCase() ?? '\u0000';
    }
    const named = this.stages.find((s) => s.name === exact);
    if (named) return named;
    // A default naming an image (`node:20-alpine`, `ghcr.io/…`), or no literal to match on: not a stage.
    if (!exact.includes('\u0000') || !/[a-z0-9]/.test(literal) || /[:/]/.test(literal)) return undefined;
    const fits = new RegExp(`^${pattern}$`);
    return this.stages.find((s) => s.name !== undefined && fits.test(s.name));
  }

  offset(line: number, character: number): number {
    return offsetAt(this.lineStarts, { line, column: character }, this.text.length);
  }

  range(start: number, end: number): Range {
    return { start: positionAt(this.lineStarts, start), end: positionAt(this.lineStarts, end) };
  }

  /** Document range of logical characters [from, to) of `logical`. */
  logicalRange(logical: Logical, from: number, to: number): Range {
    return this.range(this.logicalOffset(logical, from), this.logicalEnd(logical, to));
  }

  logicalOffset(logical: Logical, index: number): number {
    return logical.map[Math.max(0, Math.min(index, logical.text.length))];
  }

  /** Document offset just after logical character `to - 1`. */
  logicalEnd(logical: Logical, to: number): number {
    if (to <= 0) return logical.map[0];
    return logical.map[Math.min(to, logical.text.length) - 1] + 1;
  }

  /** Document range of an instruction's arguments (from the first argument to the end of the instruction). */
  argsRange(instruction: DockerInstruction): Range {
    const { args } = instruction;
    const lead = args.text.length - args.text.trimStart().length;
    const trail = args.text.trimEnd().length;
    if (trail <= lead) return this.range(instruction.start, instruction.end);
    return this.logicalRange(args, lead, trail);
  }

  /**
   * Logical argument text of [from, to): blanks after the keyword dropped, `<escape>[blanks]<newline>`
   * joined, and empty or comment lines inside a continuation skipped (as the builder does).
   */
  logical(from: number, to: number): Logical {
    const text = this.text;
    let i = from;
    while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
    let out = '';
    const map: number[] = [];
    const escape = this.escape;
    while (i < to) {
      let lineEnd = i;
      while (lineEnd < to && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
      const line = text.slice(i, lineEnd);
      const trimmed = line.replace(/[ \t]+$/, '');
      const continued = lineEnd < to && trimmed.endsWith(escape) && !trimmed.endsWith(escape + escape);
      const keep = continued ? trimmed.length - 1 : line.length;
      for (let k = 0; k < keep; k++) {
        out += line[k];
        map.push(i + k);
      }
      if (lineEnd >= to) {
        i = lineEnd;
        break;
      }
      const newline = text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? 2 : 1;
      if (!continued) {
        out += '\n';
        map.push(lineEnd);
        i = lineEnd + newline;
        continue;
      }
      i = lineEnd + newline;
      // Comment and empty lines inside a continuation are not part of the instruction.
      while (i < to) {
        let e = i;
        while (e < to && text[e] !== '\n' && text[e] !== '\r') e++;
        if (e >= to || !/^[ \t]*(#.*)?$/.test(text.slice(i, e))) break;
        i = e + (text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1);
      }
    }
    map.push(i);
    return { text: out, map };
  }

  /** Whitespace-separated words of an instruction's arguments (quotes kept), for simple instructions. */
  args(instruction: DockerInstruction): string[] {
    return instruction.args.text.split(/\s+/).filter(Boolean);
  }

  /** Leading `--name[=value]` flags of RUN/COPY/ADD and where the rest starts (logical index). */
  flags(instruction: DockerInstruction): { flags: Flag[]; rest: number } {
    const text = instruction.args.text;
    const flags: Flag[] = [];
    let i = 0;
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      const m = /^--([A-Za-z][A-Za-z0-9-]*)(?:=("[^"]*"|'[^']*'|\S*))?/.exec(text.slice(i));
      if (!m || (text[i + m[0].length] !== undefined && !/\s/.test(text[i + m[0].length]))) break;
      const raw = m[2];
      flags.push({
        name: m[1].toLowerCase(),
        value: raw === undefined ? undefined : raw.replace(/^(["'])(.*)\1$/, '$2'),
        start: i,
        end: i + m[0].length,
      });
      i += m[0].length;
    }
    return { flags, rest: i };
  }

  /** CMD/ENTRYPOINT arguments as exec or shell form. */
  commandForm(instruction: DockerInstruction): CommandForm | undefined {
    const text = instruction.args.text.trim();
    if (!text) return undefined;
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) return { instruction, form: 'exec', argv: parsed };
      } catch {
        /* not JSON: the builder runs it as a shell command */
      }
      return { instruction, form: 'shell', shell: text, brokenJson: text.endsWith(']') };
    }
    return { instruction, form: 'shell', shell: text };
  }

  /** The stages whose instructions make up `stage`'s image, oldest first (`FROM build` chains). */
  chain(stage: Stage): Stage[] {
    const out: Stage[] = [];
    for (let s: Stage | undefined = stage; s && out.length < 50; s = s.parent) out.unshift(s);
    return out;
  }

  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  /** Instructions that make up the final image (its chain of stages), in order. */
  finalInstructions(): DockerInstruction[] {
    const final = this.finalStage;
    return final ? this.chain(final).flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM')) : [];
  }

  /**
   * What the final image runs: the last ENTRYPOINT and CMD of its stages (an ENTRYPOINT set after an
   * inherited CMD resets it, as the builder does), its WORKDIR and USER.
   */
  effectiveCommand(stage = this.finalStage): EffectiveCommand {
    const result: EffectiveCommand = {};
    if (!stage) return result;
    let workdir: string | undefined = '/';
    for (const s of this.chain(stage)) {
      let cmdSetHere = false;
      for (const instruction of s.instructions) {
        switch (instruction.keyword) {
          case 'ENTRYPOINT':
            result.entrypoint = this.commandForm(instruction);
            if (!cmdSetHere) result.cmd = undefined;
            break;
          case 'CMD':
            result.cmd = this.commandForm(instruction);
            cmdSetHere = true;
            break;
          case 'WORKDIR':
            workdir = resolveWorkdir(workdir, instruction.args.text.trim());
            break;
          case 'USER':
            result.user = instruction.args.text.trim() || undefined;
            break;
        }
      }
    }
    result.workdir = workdir;
    return result;
  }

  /** WORKDIR in force just before `instruction` (absolute, or undefined when it uses variables). */
  workdirAt(instruction: DockerInstruction): string | undefined {
    const stage = this.stages[instruction.stage];
    if (!stage) return '/';
    let workdir: string | undefined = '/';
    for (const s of this.chain(stage)) {
      for (const i of s.instructions) {
        if (i === instruction) return workdir;
        if (i.keyword === 'WORKDIR') workdir = resolveWorkdir(workdir, i.args.text.trim());
      }
    }
    return workdir;
  }

  /** Sources and destination of a COPY/ADD (JSON or plain form), or undefined for heredocs and odd forms. */
  copyOperands(instruction: DockerInstruction): { flags: Flag[]; sources: string[]; dest: string } | undefined {
    const { flags, rest } = this.flags(instruction);
    const text = instruction.args.text.slice(rest).trim();
    if (text.includes('<<')) return undefined;
    let words: string[] | undefined;
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) words = parsed;
      } catch {
        /* plain form */
      }
    }
    words ??= parseShell(text).commands.flatMap((c) => c.words.map((w) => w.value));
    if (words.length < 2) return undefined;
    return { flags, sources: words.slice(0, -1), dest: words[words.length - 1] };
  }

  /**
   * Where a file at `imagePath` in `stage`'s image may have come from: paths relative to the build
   * context (`docker/entrypoint.sh`), latest COPY/ADD first (following `--from=<stage>`). Directory
   * sources make several candidates possible; the caller keeps the first that exists.
   */
  contextSourcesOf(
    imagePath: string,
    stage: Stage | undefined = this.finalStage,
    depth = 0,
  ): { source: string; copy: DockerInstruction }[] {
    if (!stage || depth > 8) return [];
    const target = path.posix.normalize(imagePath);
    const found: { source: string; copy: DockerInstruction }[] = [];
    for (const s of this.chain(stage)) {
      for (const instruction of s.instructions) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const operands = this.copyOperands(instruction);
        if (!operands) continue;
        const workdir = this.workdirAt(instruction);
        const destRaw = operands.dest;
        if (destRaw.includes('$') || (!destRaw.startsWith('/') && workdir === undefined)) continue;
        const dest = path.posix.resolve(workdir ?? '/', destRaw);
        const destIsDir = destRaw.endsWith('/') || destRaw === '.' || operands.sources.length > 1;
        const from = operands.flags.find((f) => f.name === 'from')?.value;
        for (const source of operands.sources) {
          if (/[*?[$]/.test(source) || /^[a-z]+:\/\//i.test(source)) continue;
          const candidate = sourceFor(source, dest, destIsDir, target);
          if (candidate === undefined) continue;
          if (from !== undefined) {
            const fromStage = /^\d+$/.test(from) ? this.stages[Number(from)] : this.stages.find((x) => x.name === from.toLowerCase());
            if (!fromStage || fromStage.index >= s.index) continue;
            found.unshift(...this.contextSourcesOf(path.posix.resolve('/', candidate), fromStage, depth + 1));
            continue;
          }
          found.unshift({ source: candidate.replace(/^\/+/, ''), copy: instruction });
        }
      }
    }
    return found;
  }
}

/** The source path (context-relative, or in-stage for --from) that becomes `target` through `COPY source dest`. */
function sourceFor(source: string, dest: string, destIsDir: boolean, target: string): string | undefined {
  const src = path.posix.normalize(source.replace(/\/+$/, '') || '.');
  const sourceIsDir = src === '.' || source.endsWith('/');
  if (!sourceIsDir) {
    if (destIsDir && path.posix.join(dest, path.posix.basename(src)) === target) return src;
    if (!destIsDir && dest === target) return src;
  }
  // A directory's contents land in dest (a plain source may also be a directory).
  if (target.startsWith(dest === '/' ? '/' : `${dest}/`)) {
    const rest = target.slice(dest === '/' ? 1 : dest.length + 1);
    return src === '.' ? rest : path.posix.join(src, rest);
  }
  return undefined;
}

function resolveWorkdir(current: string | undefined, value: string): string | undefined {
  const v = value.replace(/^(["'])(.*)\1$/, '$2');
  if (!v || v.includes('$')) return undefined;
  if (v.startsWith('/')) return path.posix.normalize(v);
  return current === undefined ? undefined : path.posix.resolve(current, v);
}
