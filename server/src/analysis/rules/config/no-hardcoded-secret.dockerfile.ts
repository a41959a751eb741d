/**
 * `config/no-hardcoded-secret` in Dockerfiles. Secrets are about every stage: an `ENV`/`ARG` literal is in
 * the repository and in the layers/history of whatever stage holds it; a copied secret file is about the
 * final image (its stages, or a build stage the final image copies the file from).
 *
 *   1. `ENV`/`ARG` values: a provider token, a connection string with a password, or a secret-looking
 *      literal under a secret name (`DB_PASSWORD=…`; not `${VAR}`, placeholders, `PASSWORD_FILE=/run/…`,
 *      GPG key fingerprints).
 *   2. `RUN`: auth tokens written into `.npmrc` (`echo "//registry…/:_authToken=…" > .npmrc`, `npm config set
 *      …:_authToken …`), `curl -u user:pass`, secret options (`--password x`, `--token=x`, `mysql -pX`,
 *      `docker login -p X`), secret-named assignments (`export API_KEY=…`).
 *   3. `COPY`/`ADD` of `.env` files, private keys, `.npmrc` with credentials, `.netrc`, cloud credentials.
 *   4. Provider tokens and connection-string passwords anywhere else in the file (comments included).
 *
 * Fixes: delete an `ENV` key (the rest of the instruction kept; the whole instruction when it was the only
 * key) and add `NAME=` to `.env.example`; drop an `ARG` default; turn an `.npmrc` written in `RUN` into a
 * `RUN --mount=type=secret,id=npmrc,target=…` when the structure is exact. All suggestions.
 */
import * as path from 'node:path';
import ignore from 'ignore';
import { Arg, Env, type Property } from 'dockerfile-ast';
import type { DockerfileCheck, DockerfileContext, ReportDescriptor } from '../../rule';
import type { Fix } from '../../finding';
import { redact } from '../../redact';
import { envExampleChange } from '../../fixes/envVar';
import {
  isUserName,
  connectionKind,
  findTokens,
  findUrlCredentials,
  isPasswordPlaceholder,
  isWeakDefaultPassword,
  looksLikeSecretValue,
  secretKindOfName,
  TOKEN_PREFIX_HINT,
} from '../../secrets';
import { judgeSetting, literalSecret } from './no-hardcoded-secret.judge';
import { environmentOfFile } from '../../knowledge/backingServices';
import { dockerModel, type DockerInstruction, type DockerModel, type Stage } from '../../languages/dockerfile/model';
import { isAssignment, parseShell, type ShellCommand, type ShellParse, type ShellWord } from '../../languages/dockerfile/shell';
import { programName } from '../../languages/dockerfile/commands';

export const dockerfileCheck: DockerfileCheck = {
  prefilter: (text) => /\b(env|arg|run|copy|add)\b/i.test(text) || TOKEN_PREFIX_HINT.test(text) || text.includes('://'),
  check(ctx) {
    new SecretCheck(ctx, dockerModel(ctx.dockerfile, ctx.text)).run();
  },
};

class SecretCheck {
  /** Document ranges already reported: a later, more generic pass skips them. */
  private readonly claimed: { start: number; end: number }[] = [];
  /** Reports, emitted in document order once every pass has run. */
  private readonly pending: { start: number; descriptor: ReportDescriptor }[] = [];

  constructor(
    private readonly ctx: DockerfileContext,
    private readonly model: DockerModel,
  ) {}

  run(): void {
    for (const instruction of this.model.instructions) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') this.properties(instruction);
      else if (instruction.keyword === 'RUN') this.run_(instruction);
      else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') this.copy(instruction);
    }
    this.anywhere();
    this.pending.sort((a, b) => a.start - b.start);
    for (const { descriptor } of this.pending) this.ctx.report(descriptor);
  }

  private report(start: number, end: number, descriptor: Omit<ReportDescriptor, 'range'>): void {
    if (this.isClaimed(start, end)) return;
    this.claimed.push({ start, end });
    this.pending.push({ start, descriptor: { ...descriptor, range: this.model.range(start, end) } });
  }

  private isClaimed(start: number, end: number): boolean {
    return this.claimed.some((c) => start < c.end && c.start < end);
  }

  // ── ENV / ARG ──────────────────────────────────────────────────────────────────────────────

  private users: Set<string> | undefined;

  /** The file is named for development (`Dockerfile.dev`, `dev.Dockerfile`). */
  private isDevelopment(): boolean {
    return environmentOfFile(path.basename(this.ctx.file)) === 'dev';
  }

  /** Values of the file's ENV/ARG user names (`DATABASE_USER=postgres`): a password equal to one is a local default. */
  private userValues(): Set<string> {
    if (this.users) return this.users;
    this.users = new Set();
    for (const instruction of this.ctx.dockerfile.getInstructions()) {
      if (!(instruction instanceof Env) && !(instruction instanceof Arg)) continue;
      for (const property of instruction.getProperties()) {
        const value = property.getValue();
        if (value && isUserName(property.getName())) this.users.add(value);
      }
    }
    return this.users;
  }

  private properties(instruction: DockerInstruction): void {
    const node = instruction.node;
    if (!(node instanceof Env) && !(node instanceof Arg)) return;
    const properties = node.getProperties();
    properties.forEach((property, index) => {
      const value = property.getValue();
      const valueRange = property.getValueRange();
      if (value === null || !valueRange || value === '') return;
      const name = property.getName();
      const valueStart = this.model.offset(valueRange.start.line, valueRange.start.character);
      const valueEnd = this.model.offset(valueRange.end.line, valueRange.end.character);
      const raw = this.ctx.text.slice(valueStart, valueEnd);
      const locate = (secret: string): [number, number] => {
        const at = raw.indexOf(secret);
        return at >= 0 ? [valueStart + at, valueStart + at + secret.length] : [valueStart, valueEnd];
      };
      const keyword = instruction.keyword;
      const fixes = () => (keyword === 'ENV' ? [this.deleteEnvKeyFix(instruction, properties, index)] : [this.dropArgDefaultFix(property)]);
      const verdict = judgeSetting(name, value, raw);
      if (!verdict) return;
      const [start, end] = locate(verdict.secret);
      if (verdict.token) {
        this.report(start, end, {
          messageId: 'dockerToken',
          data: { kind: verdict.token.kind, value: redact(verdict.secret), where: `${keyword} ${name}` },
          secrets: [verdict.secret],
          fixes: fixes(),
        });
      } else if (verdict.url) {
        this.report(start, end, {
          messageId: 'dockerConnectionString',
          data: { value: redact(verdict.secret), label: connectionKind(verdict.url.scheme).label, where: `${keyword} ${name}` },
          secrets: [verdict.secret],
          fixes: fixes(),
        });
      } else {
        // A development image's database defaults (`Dockerfile.dev`: DATABASE_USER=postgres, DATABASE_PASSWORD=postgres),
        // as a development compose file's are.
        if (verdict.kind === 'password' && this.isDevelopment() && (isWeakDefaultPassword(value) || this.userValues().has(value))) return;
        this.report(valueStart, valueEnd, {
          messageId: keyword === 'ENV' ? 'dockerEnvSecret' : 'dockerArgSecret',
          data: { kind: verdict.kind!, value: redact(value), name },
          secrets: [value],
          fixes: fixes(),
        });
      }
    });
  }

  /** Deletes one ENV key, keeping the others (or the whole instruction when it was the only one), and documents it in .env.example. */
  private deleteEnvKeyFix(instruction: DockerInstruction, properties: Property[], index: number): Fix {
    const name = properties[index].getName();
    const bounds = (p: Property) => {
      const r = p.getRange();
      return [this.model.offset(r.start.line, r.start.character), this.model.offset(r.end.line, r.end.character)] as const;
    };
    let start: number;
    let end: number;
    if (properties.length === 1) {
      start = instruction.start;
      end = instruction.end;
      // The line break after the instruction goes too.
      if (this.ctx.text[end] === '\r' && this.ctx.text[end + 1] === '\n') end += 2;
      else if (this.ctx.text[end] === '\n' || this.ctx.text[end] === '\r') end += 1;
    } else if (index < properties.length - 1) {
      start = bounds(properties[index])[0];
      end = bounds(properties[index + 1])[0];
    } else {
      start = bounds(properties[index - 1])[1];
      end = bounds(properties[index])[1];
    }
    return {
      kind: 'suggestion',
      title:
        properties.length === 1
          ? `Remove ENV ${name} from the image (supply it at run time) and add it to .env.example`
          : `Remove ${name} from this ENV (supply it at run time) and add it to .env.example`,
      titleWithoutOptional:
        properties.length === 1
          ? `Remove ENV ${name} from the image (supply it at run time)`
          : `Remove ${name} from this ENV (supply it at run time)`,
      changes: [
        { kind: 'replace', file: this.ctx.file, range: this.model.range(start, end), newText: '' },
        { ...envExampleChange(this.ctx.root, name), optional: true },
      ],
    };
  }

  private dropArgDefaultFix(property: Property): Fix {
    const nameRange = property.getNameRange();
    const r = property.getRange();
    const start = this.model.offset(nameRange.end.line, nameRange.end.character);
    const end = this.model.offset(r.end.line, r.end.character);
    return {
      kind: 'suggestion',
      title: `Remove the default value of ARG ${property.getName()} (pass it with a build secret, RUN --mount=type=secret)`,
      changes: [{ kind: 'replace', file: this.ctx.file, range: this.model.range(start, end), newText: '' }],
    };
  }

  // ── RUN ────────────────────────────────────────────────────────────────────────────────────

  private run_(instruction: DockerInstruction): void {
    const { rest } = this.model.flags(instruction);
    const args = instruction.args;
    let script = args.text.slice(rest);
    let offset = rest;
    // `RUN <<EOF … EOF`: the heredoc body is the script.
    const heredoc = /^<<-?\s*(["']?)([A-Za-z_][\w-]*)\1[^\n]*\n/.exec(script);
    if (heredoc) {
      offset += heredoc[0].length;
      const body = script.slice(heredoc[0].length);
      const close = new RegExp(`^\\s*${heredoc[2]}\\s*$`, 'm').exec(body);
      script = close ? body.slice(0, close.index) : body;
    }
    const parse = parseShell(script);
    const at = (i: number) => this.model.logicalOffset(args, offset + i);
    const endAt = (i: number) => this.model.logicalEnd(args, offset + i);
    for (const command of parse.commands) {
      const words = command.words;
      // npm auth tokens, in any word (`echo "//registry…/:_authToken=…"`, `npm config set //…:_authToken x`).
      for (let w = 0; w < words.length; w++) {
        const token = npmrcAuth(words, w);
        if (token) {
          const s = at(token.word.start) + token.offsetInRaw;
          this.report(s, s + token.value.length, {
            messageId: 'dockerNpmrcToken',
            data: { value: redact(token.value) },
            secrets: [token.value],
            fixes: this.npmrcMountFix(instruction, parse, command, offset) ?? [],
          });
        }
      }
      const program = programName(words.find((w) => !isAssignment(w))?.value);
      for (let w = 0; w < words.length; w++) {
        const found = runCredential(program, words, w);
        if (!found) continue;
        const rawAt = found.word.raw.indexOf(found.value);
        const s = rawAt >= 0 ? at(found.word.start + rawAt) : at(found.word.start);
        const e = rawAt >= 0 ? s + found.value.length : endAt(found.word.end);
        this.report(s, e, {
          messageId: 'dockerRunCredential',
          data: { kind: found.kind, value: redact(found.value), how: found.how },
          secrets: [found.value],
        });
      }
    }
  }

  /**
   * `RUN echo "//…:_authToken=…" > .npmrc && npm ci [&& rm .npmrc]` → `RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci`:
   * only when the token is written by the first command of an `&&` list into a path we can resolve, and nothing
   * but a final `rm` of that file mentions it.
   */
  private npmrcMountFix(instruction: DockerInstruction, parse: ShellParse, writer: ShellCommand, offset: number): Fix[] | undefined {
    const commands = parse.commands.filter((c) => c.words.length || c.redirects.length);
    if (offset !== this.model.flags(instruction).rest) return undefined; // heredocs: not rewritten
    if (commands[0] !== writer || commands.length < 2 || parse.comments.length) return undefined;
    if (commands.slice(0, -1).some((c) => c.next !== '&&')) return undefined;
    let target: string | undefined;
    const words = writer.words.map((w) => w.value);
    const home = this.homeAt(instruction);
    if (programName(words[0]) === 'echo' || programName(words[0]) === 'printf') {
      const out = writer.redirects.filter((r) => r.op === '>' || r.op === '>>');
      if (out.length !== 1 || !out[0].target || (out[0].target.expansion && !/^\$HOME\//.test(out[0].target.raw))) return undefined;
      if (words.length !== 2 || programName(words[0]) !== 'echo') return undefined;
      target = this.resolveInImage(out[0].target.value, instruction, home);
    } else if (programName(words[0]) === 'npm' && words[1] === 'config' && words[2] === 'set' && writer.redirects.length === 0) {
      if (words.some((w) => w === '-g' || w === '--global' || w.startsWith('--location') || w.startsWith('--userconfig'))) return undefined;
      target = home ? `${home}/.npmrc` : undefined;
    }
    if (!target || !target.endsWith('/.npmrc')) return undefined;
    let kept = commands.slice(1);
    const last = kept[kept.length - 1];
    const lastWords = last.words.map((w) => w.value);
    const removes =
      (lastWords[0] === 'rm' &&
        lastWords.slice(1).every((w) => /^-[a-z]+$/.test(w) || this.resolveInImage(w, instruction, home) === target)) ||
      (lastWords[0] === 'npm' && lastWords[1] === 'config' && /^(delete|rm)$/.test(lastWords[2] ?? ''));
    if (removes) kept = kept.slice(0, -1);
    if (kept.length === 0) return undefined;
    if (kept.some((c) => c.words.some((w) => /npmrc|_auth/i.test(w.raw)) || c.redirects.some((r) => /npmrc/.test(r.target?.raw ?? ''))))
      return undefined;
    if (!kept.some((c) => /^(npm|npx|yarn|pnpm)$/.test(programName(c.words.find((w) => !isAssignment(w))?.value)))) return undefined;
    const args = instruction.args;
    const start = this.model.logicalOffset(args, offset + writer.start);
    const keptStart = this.model.logicalOffset(args, offset + kept[0].start);
    const keptEnd = this.model.logicalEnd(args, offset + kept[kept.length - 1].end);
    const end = this.model.logicalEnd(args, args.text.trimEnd().length);
    const mount = `--mount=type=secret,id=npmrc,target=${target}`;
    const newText = `${mount} ${this.ctx.text.slice(keptStart, keptEnd)}`;
    return [
      {
        kind: 'suggestion',
        title: `Mount .npmrc as a build secret: RUN ${mount} … (build with --secret id=npmrc,src=$HOME/.npmrc)`,
        changes: [{ kind: 'replace', file: this.ctx.file, range: this.model.range(start, end), newText }],
      },
    ];
  }

  /** Home of the user RUN runs as: /root unless a USER instruction came before (then unknown). */
  private homeAt(instruction: DockerInstruction): string | undefined {
    const stage = this.model.stages[instruction.stage];
    if (!stage) return undefined;
    let home: string | undefined = '/root';
    for (const s of this.model.chain(stage)) {
      for (const i of s.instructions) {
        if (i === instruction) return home;
        if (i.keyword === 'USER') home = /^(root|0)(:.*)?$/.test(i.args.text.trim()) ? '/root' : undefined;
      }
    }
    return home;
  }

  private resolveInImage(p: string, instruction: DockerInstruction, home: string | undefined): string | undefined {
    if (p.startsWith('~/') || p.startsWith('$HOME/')) return home ? path.posix.join(home, p.slice(p.indexOf('/') + 1)) : undefined;
    if (p.includes('$') || p.startsWith('~')) return undefined;
    if (p.startsWith('/')) return path.posix.normalize(p);
    const workdir = this.model.workdirAt(instruction);
    return workdir ? path.posix.resolve(workdir, p) : undefined;
  }

  // ── COPY / ADD ─────────────────────────────────────────────────────────────────────────────

  private copy(instruction: DockerInstruction): void {
    const operands = this.model.copyOperands(instruction);
    if (!operands || operands.flags.some((f) => f.name === 'from')) return;
    const stage = this.model.stages[instruction.stage];
    if (!stage) return;
    for (const source of operands.sources) {
      if (/^\.\/?$/.test(source)) {
        this.wholeContext(instruction, stage, source, operands.dest);
        continue;
      }
      const what = this.secretFile(source);
      if (!what) continue;
      if (!this.reachesFinalImage(instruction, stage, source, operands.dest, operands.sources.length > 1)) continue;
      const [start, end] = this.sourceRange(instruction, source);
      this.report(start, end, { messageId: 'dockerSecretFile', data: { instruction: instruction.keyword, file: source, what } });
    }
  }

  /**
   * `COPY . .`: an `.env` (or an `.npmrc` with credentials) in the build context — the Dockerfile's folder —
   * that `.dockerignore` does not exclude is copied into the image. Fix: exclude it in `.dockerignore`.
   */
  private wholeContext(instruction: DockerInstruction, stage: Stage, source: string, dest: string): void {
    const context = path.dirname(this.ctx.file);
    const present = CONTEXT_SECRETS.filter((name) => {
      const text = this.ctx.host.readFile(path.join(context, name));
      return text !== undefined && (name !== '.npmrc' || this.npmrcHasCredentials(name));
    });
    if (present.length === 0) return;
    const ignoreFile = [`${path.basename(this.ctx.file)}.dockerignore`, '.dockerignore']
      .map((n) => path.join(context, n))
      .find((f) => this.ctx.host.readFile(f) !== undefined);
    const rules = ignore().add(ignoreFile ? this.ctx.host.readFile(ignoreFile)! : '');
    for (const name of present) {
      if (rules.ignores(name)) continue;
      if (!this.reachesFinalImage(instruction, stage, name, dest, true)) continue;
      const [start, end] = this.sourceRange(instruction, source);
      const dockerignore = ignoreFile ?? path.join(context, '.dockerignore');
      this.report(start, end, {
        messageId: 'dockerSecretFile',
        data: {
          instruction: instruction.keyword,
          file: name,
          what: `${name === '.npmrc' ? 'npm credentials' : 'an environment file'}, copied by "${instruction.keyword} ${source}" because ${path.basename(dockerignore)} does not exclude it`,
        },
        fixes: [
          {
            kind: 'suggestion',
            title: `Exclude ${name} from the build context: add /${name} to ${path.basename(dockerignore)}`,
            changes: [{ kind: 'ensureLine', file: dockerignore, line: `/${name}`, presentIfLineStartsWith: `/${name}` }],
          },
        ],
      });
      return; // one finding per COPY
    }
  }

  /** What a copied path is when it holds credentials, or undefined. */
  private secretFile(source: string): string | undefined {
    const clean = source.replace(/\/+$/, '');
    const base = path.posix.basename(clean).toLowerCase();
    if (/[*?[]/.test(base) && !/\.(pem|key)$/.test(base)) return undefined;
    if (base === '.env' || /^\.env\.[\w.-]+$/.test(base) || /^[\w.-]+\.env$/.test(base)) {
      return /(example|sample|template|tmpl|tpl|dist|defaults?|schema|stub|ci|test|testing|docker)(\.|$)/.test(
        base.replace(/^\.env\.?/, ''),
      ) ||
        /^(example|sample|template|default)s?\.env$/.test(base) ||
        base === 'docker.env'
        ? undefined
        : 'an environment file';
    }
    if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(base)) return 'an SSH private key';
    if (base === '.ssh') return 'SSH keys';
    if (base === '.aws' || (base === 'credentials' && /(^|\/)\.aws\//.test(clean))) return 'cloud credentials';
    if (/\.(pem|key)$/.test(base)) {
      // `privkey.pem`, `certkey.pem`, `server.key` hold keys; `cert.pem`, `ca.pem`, `*-bundle.pem`, `dhparam.pem` do not.
      if (/pub(lic)?([-_.]|key|$)/.test(base)) return undefined;
      if (/key|priv|secret/.test(base.replace(/\.key$/, '')) || base.endsWith('.key')) return 'a private key';
      return /cert|chain|(^|[-_.])ca([-_.]|$)|bundle|root|trust|crt|dhparam/.test(base) ? undefined : 'a private key';
    }
    if (/\.(p12|pfx|jks|keystore|ppk)$/.test(base)) return 'a key store';
    if (base === '.npmrc') return this.npmrcHasCredentials(clean) ? 'npm credentials' : undefined;
    if (base === '.netrc' || base === '.git-credentials' || base === '.pypirc' || base === '.dockercfg' || base === '.htpasswd')
      return 'a credentials file';
    if (
      /^(credentials|client_secrets?[\w-]*|service[-_]?account[\w-]*|firebase-adminsdk[\w-]*|gcp[-_]key|secrets?)\.(json|ya?ml)$/.test(base)
    )
      return 'a credentials file';
    return undefined;
  }

  /** A copied .npmrc leaks a secret when it holds literal auth values (or cannot be read: usually a generated, ignored file). */
  private npmrcHasCredentials(source: string): boolean {
    for (const dir of [path.dirname(this.ctx.file), this.ctx.root]) {
      const text = this.ctx.host.readFile(path.join(dir, source));
      if (text === undefined) continue;
      return /^\s*[^#;\n]*_(authToken|auth|password)\s*=\s*(?!\s*\$\{)\S/m.test(text);
    }
    return true;
  }

  /** Does the file copied here end up in the final image (its stages, or copied from this stage by them)? */
  private reachesFinalImage(instruction: DockerInstruction, stage: Stage, source: string, dest: string, destIsDir: boolean): boolean {
    const final = this.model.finalStage;
    if (!final) return false;
    const finalChain = this.model.chain(final);
    if (finalChain.includes(stage)) return true;
    const workdir = this.model.workdirAt(instruction);
    if (!dest.startsWith('/') && workdir === undefined) return false;
    const base = path.posix.resolve(workdir ?? '/', dest);
    const inImage = destIsDir || dest.endsWith('/') ? path.posix.join(base, path.posix.basename(source)) : base;
    for (const s of finalChain) {
      for (const i of s.instructions) {
        if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
        const ops = this.model.copyOperands(i);
        const from = ops?.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
        if (!ops || from === undefined) continue;
        const fromStage = /^\d+$/.test(from) ? this.model.stages[Number(from)] : this.model.stages.find((x) => x.name === from);
        if (!fromStage || !this.model.chain(fromStage).includes(stage)) continue;
        for (const src of ops.sources) {
          if (/[$*?[]/.test(src)) continue;
          const copied = path.posix.resolve('/', src.replace(/\/+$/, '') || '/');
          if (inImage === copied || inImage.startsWith(copied === '/' ? '/' : `${copied}/`)) return true;
        }
      }
    }
    return false;
  }

  private sourceRange(instruction: DockerInstruction, source: string): [number, number] {
    const args = instruction.args;
    const { rest } = this.model.flags(instruction);
    const text = args.text;
    let at = -1;
    for (let i = text.indexOf(source, rest); i >= 0; i = text.indexOf(source, i + 1)) {
      const before = text[i - 1];
      const after = text[i + source.length];
      if ((before === undefined || /[\s"[,]/.test(before)) && (after === undefined || /[\s",\]]/.test(after))) {
        at = i;
        break;
      }
    }
    if (at < 0) return [instruction.start, instruction.end];
    return [this.model.logicalOffset(args, at), this.model.logicalEnd(args, at + source.length)];
  }

  // ── anywhere ───────────────────────────────────────────────────────────────────────────────

  /** Provider tokens and connection-string passwords anywhere in the file not reported yet (comments, LABEL, HEALTHCHECK…). */
  private anywhere(): void {
    const text = this.ctx.text;
    for (const token of findTokens(text)) {
      this.report(token.start, token.end, {
        messageId: 'dockerToken',
        data: { kind: token.kind, value: redact(token.value), where: this.where(token.start) },
        secrets: [token.value],
      });
    }
    for (const url of findUrlCredentials(text)) {
      this.report(url.passwordStart, url.passwordEnd, {
        messageId: 'dockerConnectionString',
        data: { value: redact(url.password), label: connectionKind(url.scheme).label, where: this.where(url.passwordStart) },
        secrets: [url.password],
      });
    }
  }

  private where(offset: number): string {
    const instruction = this.model.instructions.find((i) => i.start <= offset && offset < i.end);
    return instruction ? instruction.keyword : 'a comment';
  }
}

/** Files of the build context that `COPY . .` would leak. */
const CONTEXT_SECRETS = ['.env', '.env.local', '.env.production', '.env.production.local', '.env.prod', '.npmrc'];

/** An npm auth value in word `w`: `…:_authToken=VALUE`, `_auth=VALUE`, or `npm config set <key> VALUE`. */
function npmrcAuth(words: readonly ShellWord[], w: number): { word: ShellWord; value: string; offsetInRaw: number } | undefined {
  const word = words[w];
  const m =
    /(?:^|[\s"'])(?:\/\/[^\s"'=]*:)?_(?:authToken|auth|password)\s*=\s*([^\s"'$\\]+)/.exec(word.raw) ??
    /(?:^|[\s"'])npmAuthToken\s*[:=]\s*["']?([^\s"'$\\]+)/.exec(word.raw);
  if (m && !/\$/.test(word.raw.slice(m.index + m[0].length - m[1].length - 1, m.index + m[0].length + 1))) {
    const value = m[1];
    if (literalSecret(value)) return { word, value, offsetInRaw: m.index + m[0].length - value.length };
  }
  // `npm config set //registry/:_authToken VALUE` (key and value as separate words)
  if (
    /^(?:\/\/[^\s=]*:)?_(authToken|auth|password)$/.test(word.value) &&
    w >= 2 &&
    words[w - 1].value === 'set' &&
    words[w - 2].value === 'config'
  ) {
    const next = words[w + 1];
    if (next && !next.expansion && literalSecret(next.value))
      return { word: next, value: next.value, offsetInRaw: next.raw.indexOf(next.value) };
  }
  return undefined;
}

const LOGIN_PROGRAMS = new Set(['docker', 'podman', 'buildah', 'helm', 'skopeo', 'oras', 'crane']);
const MYSQL = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump']);

/** A literal credential in word `w` of a RUN command. */
function runCredential(
  program: string,
  words: readonly ShellWord[],
  w: number,
): { word: ShellWord; value: string; kind: string; how: string } | undefined {
  const word = words[w];
  const next = words[w + 1];
  const v = word.value;
  // curl/wget -u user:pass, --user user:pass, --user=user:pass
  if (
    (program === 'curl' || program === 'wget') &&
    (v === '-u' || v === '--user' || v.startsWith('--user=') || (program === 'curl' && /^-u.+/.test(v)))
  ) {
    const target = v === '-u' || v === '--user' ? next : word;
    if (!target || target.expansion) return undefined;
    const cred = v === '-u' || v === '--user' ? target.value : v.replace(/^--user=|^-u/, '');
    const colon = cred.indexOf(':');
    const password = colon >= 0 ? cred.slice(colon + 1) : '';
    if (password && !isPasswordPlaceholder(password) && looksLikeSecretValue(password))
      return { word: target, value: password, kind: 'password', how: `${program} ${v.startsWith('--user') ? '--user' : '-u'}` };
    return undefined;
  }
  // mysql -pSECRET
  if (MYSQL.has(program) && /^-p.+/.test(v) && !word.expansion) {
    const password = v.slice(2);
    if (!isPasswordPlaceholder(password) && looksLikeSecretValue(password))
      return { word, value: password, kind: 'password', how: `${program} -p` };
  }
  // docker login -p SECRET
  if (LOGIN_PROGRAMS.has(program) && v === '-p' && next && !next.expansion && words.some((x) => x.value === 'login')) {
    if (!isPasswordPlaceholder(next.value) && looksLikeSecretValue(next.value))
      return { word: next, value: next.value, kind: 'password', how: `${program} login -p` };
  }
  // --password VALUE, --token=VALUE, --api-key VALUE
  const option = /^--([A-Za-z][\w-]*)(?:=(.*))?$/.exec(v);
  if (option) {
    const kind = secretKindOfName(option[1]);
    if (!kind) return undefined;
    const inline = option[2] !== undefined;
    const target = inline ? word : next;
    const value = inline ? option[2] : next?.value;
    if (!target || value === undefined || target.expansion || /^-/.test(value) || /(^|,)(id|src|source|type|env)=/.test(value))
      return undefined;
    if (!isPasswordPlaceholder(value) && looksLikeSecretValue(value, option[1]))
      return { word: target, value, kind, how: `--${option[1]}` };
    return undefined;
  }
  // export API_KEY=…, DB_PASSWORD=… cmd, echo "DB_PASSWORD=…" >> .env
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(v);
  if (assignment && !word.expansion) {
    const kind = secretKindOfName(assignment[1]);
    const value = assignment[2];
    if (kind && !/\s/.test(value) && looksLikeSecretValue(value, assignment[1])) return { word, value, kind, how: `${assignment[1]}=` };
  }
  return undefined;
}
