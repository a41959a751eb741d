/**
 * logs/no-file-logging for TypeScript/JavaScript: logging libraries configured to write files, and
 * fs writes to log files. Library objects are recognised only when the file binds them to the
 * library's module (so an unrelated `File` class or `transports` array is never taken for winston).
 */
import * as ts from 'typescript';
import type { Fix, Range } from '../../finding';
import type { TypeScriptCheck, TypeScriptContext } from '../../rule';
import {
  moduleBindings,
  propertyNameText,
  unwrapExpression,
  type ModuleBindings,
  type ModuleRef,
} from '../../languages/typescript/imports';
import {
  declarationOf,
  followIdentifier as followIdentifierInFile,
  identifierCount,
  staticPathText,
  UNKNOWN,
} from '../../languages/typescript/values';
import { KeptVerdicts, type StatementReads } from '../../languages/typescript/keptVerdicts';
import { endOfLine, indentAt, listElementRemoval } from '../../languages/typescript/edits';
import { alwaysLeaves } from '../../facts/clients';
import { envLookupName, isProcessEnv } from '../../languages/typescript/flow';

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
const FS_WRITERS = new Set([
  'appendFile',
  'appendFileSync',
  'createWriteStream',
  'writeFile',
  'writeFileSync',
  'outputFile',
  'outputFileSync',
]);
/** log4js appender types that write files, lower-cased (log4js compares them as written; configs differ in case). */
const LOG4JS_FILE_APPENDERS = new Set(['file', 'datefile', 'filesync', 'multifile']);

/**
 * Packages that write rotating log files, by the member that creates the stream (`''` = the module
 * itself): a stream of one of them is a log file whatever its path.
 */
const ROTATING_STREAMS: Readonly<Record<string, readonly string[]>> = {
  'logrotate-stream': [''],
  'rotating-file-stream': ['', 'createStream'],
  'file-stream-rotator': ['getStream'],
  streamroller: ['RollingFileStream', 'DateRollingFileStream'],
  'stream-rotate': [''],
  'simple-node-logger': ['createSimpleFileLogger', 'createRollingFileLogger'],
  tracer: ['dailyfile'],
  '@vrbo/pino-rotating-file': [''],
  // Loggers whose only output besides stdout is a folder of dated files: cnpm's mini-logger (`dir`, `duration: '1d'`),
  // leekslazylogger's FileTransport (`directory`, `clean_directory`).
  'mini-logger': [''],
  leekslazylogger: ['FileTransport'],
};

/** `path: process.env.LOG_PATH || 'app.log'`: the literal a path falls back to (or either branch of `?:`). */
function fallbackPath(sourceFile: ts.SourceFile, e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrapExpression(e);
  if (
    ts.isBinaryExpression(u) &&
    (u.operatorToken.kind === ts.SyntaxKind.BarBarToken || u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  )
    return fallbackPath(sourceFile, u.right) ?? fallbackPath(sourceFile, u.left);
  if (ts.isConditionalExpression(u)) return fallbackPath(sourceFile, u.whenTrue) ?? fallbackPath(sourceFile, u.whenFalse);
  return staticPathText(sourceFile, u);
}
/** winston options a Console transport understands; the File-only ones (filename, dirname, maxsize…) are dropped. */
const WINSTON_CONSOLE_OPTIONS = new Set(['level', 'format', 'silent', 'eol', 'handleExceptions', 'handleRejections']);
const STD_STREAM_PATHS = new Set(['/dev/stdout', '/dev/stderr', '/proc/self/fd/1', '/proc/self/fd/2']);

/** Every report needs one of these words in the text: module names, fs writer names, `Console`, log4js config keys. */
const PREFILTER =
  /winston|pino|bunyan|log4js|morgan|appenders|Console|createWriteStream|appendFile|writeFile|outputFile|fastify|rotat|streamroller|simple-node-logger|tracer|mini-logger|leekslazylogger|console\.\w+\s*=|process\.std(?:out|err)\.write\s*=|\.pipe\(/;

const sameRef = (ref: ModuleRef | undefined, module: string, ...path: string[]) =>
  !!ref && ref.module === module && ref.path.length === path.length && ref.path.every((p, i) => p === path[i]);

function property(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((p) => !ts.isSpreadAssignment(p) && propertyNameText(p.name) === name);
}

function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const p = property(object, name);
  if (!p) return undefined;
  if (ts.isPropertyAssignment(p)) return p.initializer;
  if (ts.isShorthandPropertyAssignment(p)) return p.name;
  return undefined;
}

function stringValue(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrapExpression(e);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u.text : undefined;
}

/** `writeFile`/`appendFile`… name when `ref` is an fs writer. */
function fsWriter(ref: ModuleRef | undefined): string | undefined {
  if (!ref || !FS_MODULES.has(ref.module)) return undefined;
  const path = ref.path[0] === 'promises' ? ref.path.slice(1) : ref.path;
  return path.length === 1 && FS_WRITERS.has(path[0]) ? path[0] : undefined;
}

/** A log file path: `*.log`, or anything inside a `log/` or `logs/` directory. */
function isLogPath(text: string): boolean {
  const t = text.replace(/\\/g, '/');
  if (/\.log$/i.test(t)) return true;
  return /(^|\/)(logs?)\/(?!$)/i.test(t.replace(new RegExp(UNKNOWN, 'g'), 'x'));
}

/** A path destination (not a descriptor, not stdout/stderr), as literal text; undefined otherwise. */
function pathDestinationInFile(sourceFile: ts.SourceFile, e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const text = fallbackPath(sourceFile, e);
  if (text === undefined || text.replace(new RegExp(UNKNOWN, 'g'), '') === '') return undefined;
  if (STD_STREAM_PATHS.has(text)) return undefined;
  return text;
}

/**
 * Whether reading a path (pathDestinationInFile: fallbackPath, then staticPathText) may read beyond the
 * expression: a name it follows to its declaration, a call it resolves through the module bindings
 * (`path.join`). What it does not look into (`process.env.LOG_FILE`, `config.logFile`) reads nothing.
 */
function pathReadsElsewhere(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  if (ts.isIdentifier(u) || ts.isCallExpression(u)) return true;
  if (ts.isTemplateExpression(u)) return u.templateSpans.some((span) => pathReadsElsewhere(span.expression));
  if (ts.isBinaryExpression(u)) return pathReadsElsewhere(u.left) || pathReadsElsewhere(u.right);
  if (ts.isConditionalExpression(u)) return pathReadsElsewhere(u.whenTrue) || pathReadsElsewhere(u.whenFalse);
  return false;
}

/**
 * A destination the operator opts into: the path comes from a parameter of the enclosing function or from an
 * environment variable (`const LOG_FILE = process.env.LOG_FILE || ''`), and the write sits on the side of a
 * condition that tests it (`if (LOG_FILE) transports.push(new File({ filename: LOG_FILE }))`; `if (!dir) return
 * process.stdout;` before it). Unset, the app logs to stdout; the file is the deploy's choice, not the code's.
 */
function optInDestination(sourceFile: ts.SourceFile, e: ts.Expression | undefined, ancestors: readonly ts.Node[]): boolean {
  if (!e) return false;
  // The settings the path is made of: names (a parameter, a constant read from the environment) and direct
  // reads of the environment (`process.env.LOG_FILE`), each by a key that a test of it has too.
  const keys = new Set<string>();
  const envKey = (n: ts.Node) => {
    const name = ts.isExpression(n) ? envLookupName(n) : undefined;
    return name === undefined ? undefined : `env:${name}`;
  };
  const collect = (n: ts.Node) => {
    const env = envKey(n);
    if (env) {
      if (DESTINATION_SETTING.test(env.slice(4))) keys.add(env);
    } else if (ts.isIdentifier(n)) {
      if (isParameterOf(ancestors, n.text)) keys.add(n.text);
      else {
        const variable = environmentConstant(sourceFile, n.text);
        if (variable !== undefined && (DESTINATION_SETTING.test(n.text) || DESTINATION_SETTING.test(variable))) keys.add(n.text);
      }
    } else if (ts.isPropertyAccessExpression(n)) collect(n.expression);
    else ts.forEachChild(n, collect);
  };
  collect(e);
  if (keys.size === 0) return false;
  // A test of the setting's presence: `LOG_FILE`, `LOG_FILE && …`, `dir != null` (then the file), or `!dir` (then stdout).
  const named = (e: ts.Expression) => {
    const u = unwrapExpression(e);
    const key = envKey(u) ?? (ts.isIdentifier(u) ? u.text : undefined);
    return key !== undefined && keys.has(key);
  };
  const present = (condition: ts.Expression): boolean => {
    const c = unwrapExpression(condition);
    if (named(c)) return true;
    if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
      return present(c.left) || present(c.right);
    if (
      ts.isBinaryExpression(c) &&
      (c.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken || c.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken)
    )
      return (named(c.left) && isEmptyValue(c.right)) || (named(c.right) && isEmptyValue(c.left));
    return false;
  };
  const absent = (condition: ts.Expression): boolean => {
    const c = unwrapExpression(condition);
    if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) return named(c.operand);
    if (
      ts.isBinaryExpression(c) &&
      (c.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken || c.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken)
    )
      return (named(c.left) && isEmptyValue(c.right)) || (named(c.right) && isEmptyValue(c.left));
    return false;
  };
  let child: ts.Node = e;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isIfStatement(a) && a.thenStatement === child && present(a.expression)) return true;
    if (ts.isConditionalExpression(a) && a.whenTrue === child && present(a.condition)) return true;
    if (ts.isBinaryExpression(a) && a.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && a.right === child && present(a.left))
      return true;
    // `if (!dir) return process.stdout;` earlier in the block.
    if (ts.isBlock(a)) {
      for (const statement of a.statements) {
        if (statement === child) break;
        if (
          ts.isIfStatement(statement) &&
          !statement.elseStatement &&
          absent(statement.expression) &&
          alwaysLeaves(statement.thenStatement)
        )
          return true;
      }
    }
    if (ts.isFunctionLike(a)) return false;
    child = a;
  }
  return false;
}

/** `undefined`, `null`, `''`. */
function isEmptyValue(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  return (
    u.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(u) && u.text === 'undefined') || (ts.isStringLiteralLike(u) && u.text === '')
  );
}

/** A parameter of the enclosing function without a default (`logFile = 'logs/app.log'` is a file default). */
function isParameterOf(ancestors: readonly ts.Node[], name: string): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isFunctionLike(a)) return a.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name && !p.initializer);
  }
  return false;
}

/**
 * Names of a setting that says where logs go (`LOG_FILE`, `ERROR_LOG`, `logDir`, `OUTPUT_PATH`): one an operator sets to
 * opt in. `NODE_ENV`, `HOSTNAME` or `SERVICE_NAME` are always set: a test of them is no opt-in.
 */
const DESTINATION_SETTING = /log|file|path|dir|dest|out/i;

/**
 * The environment variable a constant of the file holds with no file default (`const LOG_FILE = process.env.LOG_FILE || ''`,
 * `const { AUDIT_LOG: audit } = process.env` → `AUDIT_LOG`), or undefined.
 */
function environmentConstant(sourceFile: ts.SourceFile, name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      // `const { LOG_FILE } = process.env`, `const { LOG_FILE: file } = process.env`.
      if (ts.isObjectBindingPattern(d.name) && d.initializer && isProcessEnv(d.initializer)) {
        const element = d.name.elements.find((el) => ts.isIdentifier(el.name) && el.name.text === name);
        if (!element) continue;
        if (element.initializer && !(ts.isStringLiteralLike(element.initializer) && element.initializer.text === '')) return undefined;
        const key = element.propertyName;
        return key && (ts.isIdentifier(key) || ts.isStringLiteral(key)) ? key.text : name;
      }
      if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
      let init = unwrapExpression(d.initializer);
      if (ts.isBinaryExpression(init) && /^(?:\|\||\?\?)$/.test(init.operatorToken.getText(sourceFile))) {
        const fallback = unwrapExpression(init.right);
        if (!(ts.isStringLiteralLike(fallback) && fallback.text === '')) return undefined;
        init = unwrapExpression(init.left);
      }
      return envLookupName(init);
    }
  }
  return undefined;
}

/**
 * A winston transport's `silent` that holds until a setting enables the file (`silent: !file.enabled`,
 * `silent: process.env.LOG_TO_FILE !== 'true'`): off by default. Not `silent: false`, nor a test for an
 * environment (`silent: process.env.NODE_ENV === 'test'`), which leaves production writing the file.
 */
function silentUnlessEnabled(sourceFile: ts.SourceFile, value: ts.Expression | undefined): boolean {
  const v = value && unwrapExpression(value);
  if (!v) return false;
  // `!opts.enabled`, `!config.file.enabled`: an option passed in, named for enabling (not a constant of the file,
  // which may hold `NODE_ENV === 'production'`).
  if (ts.isPrefixUnaryExpression(v) && v.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrapExpression(v.operand);
    return (
      ts.isPropertyAccessExpression(operand) &&
      /^(?:enabled?|isEnabled)$/i.test(operand.name.text) &&
      !/process\.env/.test(operand.getText(sourceFile))
    );
  }
  // `process.env.LOG_TO_FILE !== 'true'`: a variable named for writing the file, not for the environment.
  if (ts.isBinaryExpression(v) && v.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
    const right = unwrapExpression(v.right);
    const variable = envLookupName(v.left);
    return (
      ts.isStringLiteralLike(right) &&
      /^(?:true|1|yes|on)$/i.test(right.text) &&
      !!variable &&
      /FILE/i.test(variable) &&
      !/PROD|ENV|STAG/i.test(variable)
    );
  }
  return false;
}

/**
 * The write sits behind a setting named for turning file logging on (`if (config.logging.file_enabled)`, `opts.file.enabled
 * && …`, `process.env.LOG_TO_FILE ? … : …`): a plain reference, no comparison, whose last names say file and enabling.
 * Not a test of the environment (`isProduction`, `NODE_ENV === …`), which leaves production writing the file.
 */
/**
 * A `const` of the file's top level whose value the code decides: a literal (`= true`), or an expression that reads no
 * environment, config or argument but tests the environment's name (`= process.env.NODE_ENV === 'production'`).
 */
function fileConstant(sourceFile: ts.SourceFile, name: string): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
      const init = unwrapExpression(d.initializer);
      if (init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword || ts.isLiteralExpression(init)) return true;
      const text = init.getText(sourceFile);
      return /node_?env|\bprod|stag/i.test(text) && !/file/i.test(text.replace(/node_?env/gi, ''));
    }
  }
  return false;
}

function behindEnablingFlag(sourceFile: ts.SourceFile, node: ts.Node, ancestors: readonly ts.Node[]): boolean {
  const enabling = (condition: ts.Expression): boolean => {
    const c = unwrapExpression(condition);
    if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
      return enabling(c.left) || enabling(c.right);
    if (!ts.isPropertyAccessExpression(c) && !ts.isIdentifier(c)) return false;
    // A constant of the file decides nothing for the operator (`const logToFile = NODE_ENV === 'production'`, `= true`):
    // a flag set from the environment, config or the command line is theirs (`!!process.env.LOG_TO_FILE`,
    // `config.get('log.file') ?? false`, `let f = false; if (argv.file) f = true`).
    if (ts.isIdentifier(c) && fileConstant(sourceFile, c.text)) return false;
    const text = c.getText(sourceFile);
    if (text.length > 100 || /node_?env|prod|stag/i.test(text)) return false;
    // The flag's own name, with the object it belongs to (`file.enabled`): `logging.console_enabled` is another switch.
    const words = text
      .split('.')
      .slice(-2)
      .join('')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    return /file/.test(words) && /enabl|tofile|filelog|writefile/.test(words);
  };
  let child: ts.Node = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isIfStatement(a) && a.thenStatement === child && enabling(a.expression)) return true;
    if (ts.isConditionalExpression(a) && a.whenTrue === child && enabling(a.condition)) return true;
    if (ts.isBinaryExpression(a) && a.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && a.right === child && enabling(a.left))
      return true;
    if (ts.isFunctionLike(a)) return false;
    child = a;
  }
  return false;
}

interface Pending {
  node: ts.Node;
  range: Range;
  messageId: string;
  data: Record<string, string>;
  fixes?: Fix[];
  /** fs stream calls this finding is about, so they are not reported a second time. */
  claims?: ts.Node[];
  /** An fs finding: dropped when a logger finding claims its stream. */
  fsCall?: ts.Node;
  /** A pipe finding: the stream it pipes into. */
  pipe?: ts.Node;
}

/** A key that names logging configuration: `log4js: {…}`, `logging: {…}`, `bunyan: {…}`, `loggerOptions`. */
function isLoggingKey(node: ts.Node): boolean {
  if (!ts.isPropertyAssignment(node) && !ts.isVariableDeclaration(node)) return false;
  const name = propertyNameText(node.name);
  return !!name && /^(?:log4js|bunyan|winston|pino|logging|loggers?|logs?)(?:config|options|settings|conf)?$/i.test(name);
}

/** The rotating-file package a member belongs to, when it creates a rotating file stream. */
function rotatingStream(ref: ModuleRef | undefined): string | undefined {
  if (!ref || !Object.prototype.hasOwnProperty.call(ROTATING_STREAMS, ref.module)) return undefined;
  return ROTATING_STREAMS[ref.module].includes(ref.path.join('.')) ? ref.module : undefined;
}

/**
 * Statements in which no check found anything (KeptVerdicts): on a keystroke only the changed
 * statements are checked again. A check that reads the rest of the file (a name followed to its
 * declaration, a path built from names, the statements around a stream) leaves its statement to be
 * checked every time; one that resolved a callee through the module bindings keeps their key.
 */
const quietStatements = new WeakMap<ts.Node, StatementReads>();

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) => PREFILTER.test(text),
  create(context: TypeScriptContext) {
    const sf = context.sourceFile;
    const text = sf.text;
    let bindingsCache: ModuleBindings | undefined;
    const kept = new KeptVerdicts(context.incremental ? quietStatements : undefined, {
      scope: context.file,
      modules: () => (bindingsCache ??= moduleBindings(sf)).key(),
    });
    const bindings = () => {
      bindingsCache ??= moduleBindings(sf);
      kept.readModules(bindingsCache.key());
      return bindingsCache;
    };
    /** A name is followed to its declaration, anywhere in the file. */
    const followIdentifier = (sourceFile: ts.SourceFile, e: ts.Expression) => {
      if (ts.isIdentifier(unwrapExpression(e))) kept.unkept();
      return followIdentifierInFile(sourceFile, e);
    };
    /** Names in a path are followed to their declarations, and calls resolved (a literal or `process.env.X` reads nothing else). */
    const pathDestination = (sourceFile: ts.SourceFile, e: ts.Expression | undefined) => {
      if (e && pathReadsElsewhere(e)) kept.unkept();
      return pathDestinationInFile(sourceFile, e);
    };
    const pending: Pending[] = [];
    /** A check, skipped in a statement where nothing was found and nothing it read has changed. */
    const quiet =
      <T extends ts.Node>(check: (node: T) => void) =>
      (node: T) => {
        if (kept.spared(context.ancestors(), node)) return;
        const before = pending.length;
        check(node);
        if (pending.length !== before) kept.unkept();
      };
    const replace = (start: number, end: number, newText: string) => ({
      kind: 'replace' as const,
      file: context.file,
      range: context.rangeOfOffsets(start, end),
      newText,
    });
    const replaceNode = (node: ts.Node, newText: string) => replace(node.getStart(sf), node.getEnd(), newText);

    /** The fs/rotating-file stream call an expression evaluates to, if it is one. */
    const fileStreamCall = (e: ts.Expression | undefined): ts.CallExpression | undefined => {
      if (!e) return undefined;
      const value = followIdentifier(sf, e);
      if (!ts.isCallExpression(value)) return undefined;
      const ref = bindings().resolve(value.expression);
      if (fsWriter(ref) === 'createWriteStream') return value;
      if (rotatingStream(ref)) return value;
      return undefined;
    };

    /** The file stream a name holds where it is used: the nearest declaration in an enclosing block (names are often reused: `const output` in two functions). */
    const streamAt = (e: ts.Expression | undefined, ancestors: readonly ts.Node[]): ts.CallExpression | undefined => {
      if (!e) return undefined;
      const u = unwrapExpression(e);
      if (!ts.isIdentifier(u)) return fileStreamCall(u);
      kept.unkept(); // the declarations in the blocks around, the file's statements among them
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const a = ancestors[i];
        const statements = ts.isSourceFile(a) || ts.isBlock(a) || ts.isModuleBlock(a) ? a.statements : undefined;
        if (!statements) continue;
        for (const st of statements) {
          if (!ts.isVariableStatement(st)) continue;
          for (const d of st.declarationList.declarations)
            if (ts.isIdentifier(d.name) && d.name.text === u.text && d.initializer) return fileStreamCall(d.initializer);
        }
      }
      return fileStreamCall(u);
    };

    // ---- rotating-file streams, console replaced by a file writer, output piped into a file ----
    const checkRotatingStream = (node: ts.CallExpression | ts.NewExpression) => {
      const library = rotatingStream(bindings().resolve(node.expression));
      if (!library) return;
      pending.push({ node, range: context.rangeOf(node), messageId: 'rotatingFileStream', data: { library }, fsCall: node });
    };

    /** `console.log = (...a) => out.write(…)`, `process.stdout.write = chunk => file.write(chunk)`. */
    const checkConsoleReassigned = (node: ts.BinaryExpression) => {
      if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      const left = unwrapExpression(node.left);
      if (!ts.isPropertyAccessExpression(left)) return;
      const target = bindings().resolve(left);
      const isConsole =
        target?.module === 'console' && target.path.length === 1 && /^(?:log|info|warn|error|debug|trace)$/.test(target.path[0]);
      const isStdWrite =
        target?.module === 'process' && target.path.length === 2 && /^std(?:out|err)$/.test(target.path[0]) && target.path[1] === 'write';
      if (!isConsole && !isStdWrite) return;
      const fn = unwrapExpression(node.right);
      if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return;
      const ancestors = [...context.ancestors(), node, fn];
      const streams: ts.CallExpression[] = [];
      let writes = false;
      const stack: ts.Node[] = [fn.body];
      while (stack.length) {
        const n = stack.pop()!;
        if (ts.isCallExpression(n)) {
          const callee = unwrapExpression(n.expression);
          if (ts.isPropertyAccessExpression(callee) && /^(?:write|end)$/.test(callee.name.text)) {
            const stream = streamAt(callee.expression, ancestors);
            if (stream) streams.push(stream);
          }
          const writer = fsWriter(bindings().resolve(n.expression));
          if (writer && writer !== 'createWriteStream' && pathDestination(sf, n.arguments[0]) !== undefined) {
            writes = true;
            streams.push(n); // the write itself is part of this finding
          }
        }
        ts.forEachChild(n, (c) => {
          stack.push(c);
        });
      }
      if (!streams.length && !writes) return;
      pending.push({
        node,
        range: context.rangeOf(node.left),
        messageId: 'consoleReassigned',
        data: { target: left.getText(sf) },
        claims: streams,
      });
    };

    /** `child.stdout.pipe(fileStream)`, `process.stderr.pipe(fs.createWriteStream('err.log'))`. */
    const checkPipe = (node: ts.CallExpression) => {
      const callee = unwrapExpression(node.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'pipe' || node.arguments.length === 0) return;
      const source = unwrapExpression(callee.expression);
      if (!ts.isPropertyAccessExpression(source) || !/^std(?:out|err)$/.test(source.name.text)) return;
      const stream = streamAt(node.arguments[0], context.ancestors());
      if (!stream) return;
      pending.push({
        node,
        range: context.rangeOf(node),
        messageId: 'pipeToFile',
        data: { source: source.getText(sf) },
        claims: [stream],
        pipe: stream,
      });
    };

    /** A bunyan stream in a config object of a module that never calls bunyan (`bunyan: { streams: [{ type: 'rotating-file', path }] }`). */
    const checkBunyanConfigStream = (node: ts.ObjectLiteralExpression) => {
      const type = stringValue(propertyValue(node, 'type'));
      if (type !== 'rotating-file' && type !== 'file') return;
      if (pathDestination(sf, propertyValue(node, 'path')) === undefined && !property(node, 'path')) return;
      const ancestors = context.ancestors();
      const list = ancestors[ancestors.length - 1];
      const holder = ancestors[ancestors.length - 2];
      const inStreams =
        !!list &&
        ts.isArrayLiteralExpression(list) &&
        !!holder &&
        (ts.isPropertyAssignment(holder) || ts.isVariableDeclaration(holder)) &&
        /streams$/i.test(propertyNameText(holder.name) ?? '');
      // 'rotating-file' is bunyan's own word; a plain 'file' needs bunyan in sight.
      if (!inStreams) return;
      if (type === 'file' && !bindings().uses('bunyan') && !ancestors.some((a) => isLoggingKey(a))) return;
      reportBunyanStream(node);
    };

    // ---- winston ------------------------------------------------------------------------------
    const winstonFileClass = (ref: ModuleRef | undefined): string | undefined => {
      if (sameRef(ref, 'winston', 'transports', 'File')) return 'File';
      if (sameRef(ref, 'winston', 'transports', 'DailyRotateFile')) return 'DailyRotateFile';
      if (sameRef(ref, 'winston-daily-rotate-file') || sameRef(ref, 'winston-daily-rotate-file', 'DailyRotateFile'))
        return 'DailyRotateFile';
      return undefined;
    };

    const winstonFix = (node: ts.NewExpression, ancestors: readonly ts.Node[]): Fix | undefined => {
      const parent = ancestors[ancestors.length - 1];
      if (parent && ts.isArrayLiteralExpression(parent)) {
        const hasConsole = parent.elements.some((el) => {
          const u = unwrapExpression(el);
          return u !== node && ts.isNewExpression(u) && sameRef(bindings().resolve(u.expression), 'winston', 'transports', 'Console');
        });
        if (hasConsole) {
          const index = parent.elements.indexOf(node);
          if (index >= 0) {
            const { start, end } = listElementRemoval(sf, parent.elements, index);
            return {
              kind: 'safe',
              title: 'Remove the file transport (the Console transport already logs to stdout)',
              changes: [replace(start, end, '')],
            };
          }
        }
      }
      const consoleClass = bindings().expressionFor('winston', ['transports', 'Console']);
      if (!consoleClass) return undefined;
      const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
      let options = '';
      if (args.length > 1) return undefined;
      if (args.length === 1) {
        const object = unwrapExpression(args[0]);
        if (!ts.isObjectLiteralExpression(object)) return undefined;
        const kept: string[] = [];
        for (const p of object.properties) {
          if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) return undefined;
          const name = propertyNameText(p.name);
          if (name === undefined || ts.isComputedPropertyName(p.name)) return undefined;
          if (WINSTON_CONSOLE_OPTIONS.has(name)) kept.push(p.getText(sf));
        }
        if (kept.length) {
          const multiline = text.slice(object.getStart(sf), object.properties[0].getStart(sf)).includes('\n');
          if (multiline) {
            const indent = indentAt(text, object.properties[0].getStart(sf));
            const closing = indentAt(text, object.getEnd() - 1);
            const trailing = object.properties.hasTrailingComma ? ',' : '';
            options = `{\n${indent}${kept.join(`,\n${indent}`)}${trailing}\n${closing}}`;
          } else options = `{ ${kept.join(', ')} }`;
        }
      }
      return {
        kind: 'safe',
        title: 'Log to stdout with a winston Console transport',
        changes: [replaceNode(node, `new ${consoleClass}(${options})`)],
      };
    };

    const checkWinston = (node: ts.NewExpression) => {
      const transport = winstonFileClass(bindings().resolve(node.expression));
      if (!transport) return;
      const options = node.arguments?.[0] ? followIdentifier(sf, node.arguments[0]) : undefined;
      if (options && ts.isObjectLiteralExpression(options)) {
        const filename = stringValue(propertyValue(options, 'filename'));
        if (filename && STD_STREAM_PATHS.has(filename)) return;
        if (transport === 'File' && property(options, 'stream') && !property(options, 'filename') && !property(options, 'dirname')) return;
        if (optInDestination(sf, propertyValue(options, 'filename') ?? propertyValue(options, 'dirname'), context.ancestors())) return;
        // `silent: !file.enabled`: the transport writes nothing until the operator turns it on.
        if (silentUnlessEnabled(sf, propertyValue(options, 'silent'))) return;
      }
      // `if (config.logging.file_enabled) transports.push(new winston.transports.File(…))`: the operator turns it on.
      if (behindEnablingFlag(sf, node, context.ancestors())) return;
      const fix = winstonFix(node, context.ancestors());
      pending.push({
        node,
        range: context.rangeOf(node),
        messageId: 'winstonFileTransport',
        data: { transport },
        fixes: fix ? [fix] : undefined,
      });
    };

    // ---- pino -----------------------------------------------------------------------------------
    const isPino = (ref: ModuleRef | undefined) =>
      !!ref && ref.module === 'pino' && (ref.path.length === 0 || sameRef(ref, 'pino', 'pino'));
    const checkPinoDestination = (node: ts.CallExpression) => {
      const ref = bindings().resolve(node.expression);
      if (!ref || ref.module !== 'pino' || ref.path[ref.path.length - 1] !== 'destination' || ref.path.length > 2) return;
      const arg = node.arguments[0];
      if (!arg) return;
      let target: ts.Expression | undefined = arg;
      const value = unwrapExpression(arg);
      if (ts.isObjectLiteralExpression(value)) target = propertyValue(value, 'dest');
      const path = pathDestination(sf, target);
      if (!target || path === undefined) return;
      pending.push({
        node,
        range: context.rangeOf(node),
        messageId: 'pinoFileDestination',
        data: { target: 'pino.destination()' },
        fixes: [{ kind: 'safe', title: 'Log to stdout: pino.destination(1)', changes: [replaceNode(target, '1')] }],
      });
    };

    const checkPinoCall = (node: ts.CallExpression) => {
      if (!isPino(bindings().resolve(node.expression))) return;
      node.arguments.forEach((arg, index) => {
        if (index > 1) return;
        const value = unwrapExpression(arg);
        if (!(
          ts.isStringLiteral(value) ||
          ts.isNoSubstitutionTemplateLiteral(value) ||
          ts.isTemplateExpression(value) ||
          ts.isCallExpression(value) ||
          ts.isBinaryExpression(value) ||
          ts.isIdentifier(value)
        ))
          return;
        const stream = fileStreamCall(arg);
        if (stream) {
          pending.push({
            node,
            range: context.rangeOf(node),
            messageId: 'pinoFileDestination',
            data: { target: 'a file stream' },
            claims: [stream],
          });
          return;
        }
        const path = pathDestination(sf, arg);
        if (path === undefined || !/[/\\]|\.\w+$/.test(path)) return;
        // Dropping the destination leaves pino on its default, stdout.
        const start = index === 0 ? arg.getStart(sf) : node.arguments[index - 1].getEnd();
        const end = index === 0 && node.arguments.length > 1 ? node.arguments[1].getStart(sf) : arg.getEnd();
        pending.push({
          node,
          range: context.rangeOf(node),
          messageId: 'pinoFileDestination',
          data: { target: 'a file destination' },
          fixes:
            node.arguments.length > 2 || (index === 0 && node.arguments.length > 1)
              ? undefined
              : [{ kind: 'safe', title: "Log to stdout (pino's default destination)", changes: [replace(start, end, '')] }],
        });
      });
    };

    const checkPinoTransport = (node: ts.ObjectLiteralExpression) => {
      const target = stringValue(propertyValue(node, 'target'));
      if (target !== 'pino/file' && target !== 'pino-pretty' && target !== 'pino-roll') return;
      const optionsValue = propertyValue(node, 'options');
      const options = optionsValue ? followIdentifier(sf, optionsValue) : undefined;
      const objectOptions = options && ts.isObjectLiteralExpression(options) ? options : undefined;
      if (target === 'pino-roll') {
        if (objectOptions && !property(objectOptions, 'file')) return;
        pending.push({ node, range: context.rangeOf(node), messageId: 'pinoFileDestination', data: { target: 'the pino-roll transport' } });
        return;
      }
      if (!objectOptions) return;
      const destination = propertyValue(objectOptions, 'destination');
      if (!destination || pathDestination(sf, destination) === undefined) return;
      const fixes: Fix[] | undefined =
        options === unwrapExpression(optionsValue!)
          ? [{ kind: 'safe', title: 'Log to stdout: destination 1', changes: [replaceNode(destination, '1')] }]
          : undefined;
      pending.push({
        node,
        range: context.rangeOf(node),
        messageId: 'pinoFileDestination',
        data: { target: `the ${target} transport` },
        fixes,
      });
    };

    /** Fastify's built-in pino logger: `Fastify({ logger: { file: '/var/log/app.log' } })`. */
    const checkFastifyLogger = (node: ts.CallExpression) => {
      const ref = bindings().resolve(node.expression);
      if (!ref || ref.module !== 'fastify' || ref.path.length > 1 || (ref.path.length === 1 && ref.path[0] !== 'fastify')) return;
      const options = node.arguments[0] ? followIdentifier(sf, node.arguments[0]) : undefined;
      if (!options || !ts.isObjectLiteralExpression(options)) return;
      const logger = propertyValue(options, 'logger');
      const loggerObject = logger ? unwrapExpression(logger) : undefined;
      if (!loggerObject || !ts.isObjectLiteralExpression(loggerObject)) return;
      const file = property(loggerObject, 'file');
      if (!file || pathDestination(sf, propertyValue(loggerObject, 'file')) === undefined) return;
      const { start, end } = listElementRemoval(sf, loggerObject.properties, loggerObject.properties.indexOf(file));
      pending.push({
        node: file,
        range: context.rangeOf(file),
        messageId: 'pinoFileDestination',
        data: { target: "Fastify's logger file option" },
        fixes: [{ kind: 'safe', title: "Log to stdout (drop the logger's file option)", changes: [replace(start, end, '')] }],
      });
    };

    // ---- bunyan ---------------------------------------------------------------------------------
    const isBunyanStreamObject = (o: ts.ObjectLiteralExpression) => {
      const type = stringValue(propertyValue(o, 'type'));
      if (type === 'rotating-file' || type === 'file') return true;
      if (type === 'raw' || type === 'stream') return false;
      return pathDestination(sf, propertyValue(o, 'path')) !== undefined;
    };
    const reportBunyanStream = (o: ts.ObjectLiteralExpression) => {
      pending.push({ node: o, range: context.rangeOf(o), messageId: 'bunyanFileStream', data: {} });
    };
    const checkBunyan = (node: ts.CallExpression | ts.NewExpression) => {
      const ref = bindings().resolve(node.expression);
      if (
        ref &&
        (sameRef(ref, 'bunyan-rotating-file-stream') || sameRef(ref, 'bunyan-rotating-file-stream', 'RotatingFileStream')) &&
        ts.isNewExpression(node)
      ) {
        pending.push({ node, range: context.rangeOf(node), messageId: 'bunyanFileStream', data: {} });
        return;
      }
      const isCreate = ref?.module === 'bunyan' && (ref.path.length === 0 || sameRef(ref, 'bunyan', 'createLogger'));
      const callee = unwrapExpression(node.expression);
      const isAddStream = ts.isPropertyAccessExpression(callee) && callee.name.text === 'addStream' && bindings().uses('bunyan');
      if (!isCreate && !isAddStream) return;
      const arg = node.arguments?.[0] ? followIdentifier(sf, node.arguments[0]) : undefined;
      if (!arg || !ts.isObjectLiteralExpression(arg)) return;
      if (isAddStream) {
        if (isBunyanStreamObject(arg)) reportBunyanStream(arg);
        return;
      }
      const single = fileStreamCall(propertyValue(arg, 'stream'));
      if (single) pending.push({ node, range: context.rangeOf(node), messageId: 'bunyanFileStream', data: {}, claims: [single] });
      const streams = propertyValue(arg, 'streams');
      const list = streams ? followIdentifier(sf, streams) : undefined;
      if (!list || !ts.isArrayLiteralExpression(list)) return;
      for (const element of list.elements) {
        const o = followIdentifier(sf, element);
        if (!ts.isObjectLiteralExpression(o)) continue;
        const stream = fileStreamCall(propertyValue(o, 'stream'));
        if (stream) pending.push({ node: o, range: context.rangeOf(o), messageId: 'bunyanFileStream', data: {}, claims: [stream] });
        else if (isBunyanStreamObject(o)) reportBunyanStream(o);
      }
    };

    // ---- log4js ---------------------------------------------------------------------------------
    const checkLog4jsAppender = (node: ts.ObjectLiteralExpression) => {
      const type = stringValue(propertyValue(node, 'type'));
      if (!type || !LOG4JS_FILE_APPENDERS.has(type.toLowerCase())) return;
      // Inside `appenders: { name: {…} }` (log4js ≥ 2) or `appenders: [{…}]` (log4js 1).
      const ancestors = context.ancestors();
      let i = ancestors.length - 1;
      if (ancestors[i] && ts.isPropertyAssignment(ancestors[i])) i--;
      if (!ancestors[i] || !(ts.isObjectLiteralExpression(ancestors[i]) || ts.isArrayLiteralExpression(ancestors[i]))) return;
      const holder = ancestors[i - 1];
      const holderName =
        holder && (ts.isPropertyAssignment(holder) || ts.isVariableDeclaration(holder)) ? propertyNameText(holder.name) : undefined;
      if (!holderName || !/appenders?$/i.test(holderName)) return;
      const configObject = ancestors[i - 2];
      const looksLikeConfig = !!configObject && ts.isObjectLiteralExpression(configObject) && !!property(configObject, 'categories');
      // A config module that never imports log4js: the object sits under a logging key (`log4js: { appenders }`).
      const underLoggingKey = ancestors.slice(0, i - 1).some((a) => isLoggingKey(a));
      if (!bindings().uses('log4js') && !looksLikeConfig && !underLoggingKey) return;
      pending.push({ node, range: context.rangeOf(node), messageId: 'log4jsFileAppender', data: { type } });
    };
    const checkLog4jsLegacy = (node: ts.CallExpression) => {
      const ref = bindings().resolve(node.expression);
      if (
        ref?.module === 'log4js' &&
        ref.path.length === 2 &&
        ref.path[0] === 'appenders' &&
        LOG4JS_FILE_APPENDERS.has(ref.path[1].toLowerCase())
      ) {
        pending.push({ node, range: context.rangeOf(node), messageId: 'log4jsFileAppender', data: { type: ref.path[1] } });
      }
    };

    // ---- morgan ---------------------------------------------------------------------------------
    const checkMorgan = (node: ts.CallExpression) => {
      const ref = bindings().resolve(node.expression);
      if (!ref || ref.module !== 'morgan' || ref.path.length > 0) return;
      node.arguments.forEach((arg, index) => {
        const options = followIdentifier(sf, arg);
        if (!ts.isObjectLiteralExpression(options)) return;
        const stream = property(options, 'stream');
        const streamValue = propertyValue(options, 'stream');
        const call = fileStreamCall(streamValue);
        if (!stream || !call) return;
        const changes = [];
        const inline = unwrapExpression(arg) === options;
        if (inline && options.properties.length === 1 && index === 1 && node.arguments.length === 2) {
          changes.push(replace(node.arguments[0].getEnd(), arg.getEnd(), ''));
        } else {
          const { start, end } = listElementRemoval(sf, options.properties, options.properties.indexOf(stream));
          changes.push(replace(start, end, ''));
        }
        // The stream variable, when this was its only use, goes too (else it would still open the file).
        const streamExpr = streamValue && unwrapExpression(streamValue);
        if (streamExpr && ts.isIdentifier(streamExpr) && identifierCount(sf, streamExpr.text) === 2) {
          const declaration = declarationOf(sf, streamExpr.text);
          const statement =
            declaration &&
            sf.statements.find(
              (s) =>
                ts.isVariableStatement(s) &&
                s.declarationList.declarations.length === 1 &&
                s.declarationList.declarations[0] === declaration,
            );
          if (statement) {
            const lineStart = text.lastIndexOf('\n', statement.getStart(sf) - 1) + 1;
            if (text.slice(lineStart, statement.getStart(sf)).trim() === '')
              changes.push(replace(lineStart, endOfLine(text, statement.getEnd()), ''));
          }
        }
        pending.push({
          node,
          range: context.rangeOf(node),
          messageId: 'morganFileStream',
          data: {},
          claims: [call],
          fixes: [{ kind: 'safe', title: "Log requests to stdout (drop morgan's file stream)", changes }],
        });
      });
    };

    // ---- console.Console ------------------------------------------------------------------------
    const checkConsole = (node: ts.NewExpression) => {
      if (!sameRef(bindings().resolve(node.expression), 'console', 'Console')) return;
      const streams: ts.CallExpression[] = [];
      for (const arg of node.arguments ?? []) {
        const value = followIdentifier(sf, arg);
        if (ts.isObjectLiteralExpression(value)) {
          for (const name of ['stdout', 'stderr']) {
            const call = fileStreamCall(propertyValue(value, name));
            if (call) streams.push(call);
          }
        } else {
          const call = fileStreamCall(arg);
          if (call) streams.push(call);
        }
      }
      if (streams.length) pending.push({ node, range: context.rangeOf(node), messageId: 'consoleToFile', data: {}, claims: streams });
    };

    // ---- fs writes to log files -----------------------------------------------------------------
    const appendFix = (node: ts.CallExpression, writer: string, ancestors: readonly ts.Node[]): Fix | undefined => {
      if (!writer.startsWith('appendFile')) return undefined;
      let replaced: ts.Node = node;
      let parent = ancestors[ancestors.length - 1];
      if (parent && ts.isAwaitExpression(parent)) {
        replaced = parent;
        parent = ancestors[ancestors.length - 2];
      }
      if (!parent || !ts.isExpressionStatement(parent)) return undefined;
      const [, data, third, fourth] = node.arguments;
      if (!data || node.arguments.some((a) => ts.isSpreadElement(a))) return undefined;
      const isFunction = (e: ts.Expression | undefined) => !!e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
      const isEncoding = (e: ts.Expression | undefined) => !!e && stringValue(e) !== undefined;
      let args: ts.Expression[] | undefined;
      if (writer === 'appendFileSync' || fsWriterIsPromise(node)) {
        if (node.arguments.length === 2) args = [data];
        else if (node.arguments.length === 3 && isEncoding(third)) args = [data, third];
      } else if (replaced === node) {
        // Callback form: stdout.write takes the same (err) callback.
        if (node.arguments.length === 3 && isFunction(third)) args = [data, third];
        else if (node.arguments.length === 4 && isEncoding(third) && isFunction(fourth)) args = [data, third, fourth];
      }
      if (!args) return undefined;
      return {
        kind: 'safe',
        title: 'Write the log line to stdout (process.stdout.write)',
        changes: [replaceNode(replaced, `process.stdout.write(${args.map((a) => a.getText(sf)).join(', ')})`)],
      };
    };
    const fsWriterIsPromise = (node: ts.CallExpression) => {
      const ref = bindings().resolve(node.expression);
      return !!ref && (ref.module === 'fs/promises' || ref.path[0] === 'promises');
    };
    const checkFsWrite = (node: ts.CallExpression) => {
      const writer = fsWriter(bindings().resolve(node.expression));
      if (!writer) return;
      const path = pathDestination(sf, node.arguments[0]);
      if (path === undefined || !isLogPath(path)) return;
      if (optInDestination(sf, node.arguments[0], context.ancestors())) return;
      const fix = appendFix(node, writer, context.ancestors());
      pending.push({
        node,
        range: context.rangeOf(node),
        messageId: 'logFileWrite',
        data: { call: writer, path: path.replace(new RegExp(UNKNOWN, 'g'), '…') },
        fixes: fix ? [fix] : undefined,
        fsCall: node,
      });
    };

    return {
      [ts.SyntaxKind.NewExpression]: quiet((node: ts.NewExpression) => {
        checkWinston(node);
        checkBunyan(node);
        checkConsole(node);
        checkRotatingStream(node);
      }),
      [ts.SyntaxKind.BinaryExpression]: quiet(checkConsoleReassigned),
      [ts.SyntaxKind.CallExpression]: quiet((node: ts.CallExpression) => {
        checkRotatingStream(node);
        checkPipe(node);
        checkPinoDestination(node);
        checkPinoCall(node);
        checkFastifyLogger(node);
        checkBunyan(node);
        checkLog4jsLegacy(node);
        checkMorgan(node);
        checkFsWrite(node);
      }),
      [ts.SyntaxKind.ObjectLiteralExpression]: quiet((node: ts.ObjectLiteralExpression) => {
        checkPinoTransport(node);
        checkLog4jsAppender(node);
        checkBunyanConfigStream(node);
      }),
      onStatement: (statement) => kept.enter(statement),
      onEnd() {
        kept.end();
        const claimed = new Set(pending.flatMap((p) => p.claims ?? []));
        const seen = new Set<ts.Node>();
        // One pipe finding per file stream (`stdout` and `stderr` piped into the same log).
        const piped = new Set<ts.Node>();
        pending
          .filter((p) => !(p.fsCall && claimed.has(p.fsCall)))
          .filter((p) => {
            if (!p.pipe) return true;
            if (piped.has(p.pipe)) return false;
            piped.add(p.pipe);
            return true;
          })
          .sort((a, b) => a.node.getStart(sf) - b.node.getStart(sf))
          .forEach((p) => {
            if (seen.has(p.node)) return;
            seen.add(p.node);
            context.report({ messageId: p.messageId, data: p.data, range: p.range, fixes: p.fixes });
          });
      },
    };
  },
};
