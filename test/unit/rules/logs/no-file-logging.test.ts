import { ruleTester } from '../../../helpers/ruleTester';

const W = `import winston from 'winston';\n`;

ruleTester('logs/no-file-logging', {
  valid: [
    {
      name: 'a winston File transport the operator turns on: config.logging.file_enabled (Strider), file.enabled &&, LOG_TO_FILE ?:',
      filename: 'lib/logging.js',
      code: `const winston = require('winston');\nconst config = require('./config');\nconst transports = [new winston.transports.Console()];\nif (config.logging.file_enabled) {\n  transports.push(new winston.transports.File(config.logging.file));\n}\nconst extra = opts.file.enabled && new winston.transports.File({ filename: 'logs/extra.log' });\nconst audit = process.env.LOG_TO_FILE ? new winston.transports.File({ filename: 'logs/audit.log' }) : undefined;\nconst writeToFile = process.env.LOG_TO_FILE === 'true';\nif (writeToFile) transports.push(new winston.transports.File({ filename: 'logs/opt.log' }));\nconst fileEnabled = !!process.env.LOG_TO_FILE;\nif (fileEnabled) transports.push(new winston.transports.File({ filename: 'logs/e.log' }));\nconst logFileEnabled = config.get('log.file') ?? false;\nif (logFileEnabled) transports.push(new winston.transports.File({ filename: 'logs/f.log' }));\nlet toFile = false;\nif (process.argv.includes('--log-file')) toFile = true;\nif (toFile) transports.push(new winston.transports.File({ filename: 'logs/g.log' }));\nmodule.exports = winston.createLogger({ transports: [...transports, extra, audit].filter(Boolean) });\n`,
    },
    {
      name: 'module-relative URLs of files that are not logs, and a URL with no module base',
      filename: 'src/export.mjs',
      code: `import { writeFile } from 'node:fs/promises';\nconst out = new URL('../data/export.csv', import.meta.url);\nexport const save = (rows) => writeFile(out, rows.join('\\n'));\nexport const endpoint = new URL('/logs/app.log', 'https://logs.example.com');\n`,
    },
    {
      name: 'a file the operator opts into: a winston File transport added only when LOG_FILE is set, a stream to the folder a setting names with stdout by default',
      filename: 'src/logger.js',
      code: `const winston = require('winston');\nconst fs = require('fs');\nconst path = require('path');\nconst LOG_FILE = process.env.LOG_FILE || '';\nconst transports = [new winston.transports.Console()];\nif (LOG_FILE) {\n  transports.push(new winston.transports.File({ filename: LOG_FILE }));\n}\nexports.logger = winston.createLogger({ transports });\nexports.open = function (value) {\n  if (!value) return process.stdout;\n  return fs.createWriteStream(path.join(value, 'requests.log'), { flags: 'a' });\n};\n`,
    },
    {
      name: 'the same opt-in with the environment read directly, by index, or destructured from process.env',
      filename: 'src/logger.js',
      code: `const winston = require('winston');\nconst { LOG_FILE } = process.env;\nconst { AUDIT_LOG: audit = '' } = process.env;\nconst transports = [new winston.transports.Console()];\nif (process.env.LOG_FILE) transports.push(new winston.transports.File({ filename: process.env.LOG_FILE }));\nif (process.env['ERROR_LOG']) transports.push(new winston.transports.File({ filename: process.env['ERROR_LOG'], level: 'error' }));\nif (LOG_FILE) transports.push(new winston.transports.File({ filename: LOG_FILE }));\nif (audit) transports.push(new winston.transports.File({ filename: audit }));\nexports.logger = winston.createLogger({ transports });\n`,
    },
    {
      name: 'a File transport silent until a setting enables it',
      filename: 'src/logger.js',
      code: `const winston = require('winston');\nexports.create = (opts = {}) => winston.createLogger({ transports: [new winston.transports.Console(), new winston.transports.File({ filename: opts.path, silent: !opts.enabled })] });\nexports.env = new winston.transports.File({ filename: 'logs/app.log', silent: process.env.LOG_TO_FILE !== 'true' });\n`,
    },
    {
      name: 'test tooling keeps its own log file (rule is off in test files)',
      filename: 'test/tools/start-and-log.js',
      code: `const fs = require('fs');\nconst out = fs.createWriteStream('/tmp/webserver.log');\n`,
    },
    {
      name: 'winston Console transport',
      code: `${W}const logger = winston.createLogger({ transports: [new winston.transports.Console()] });`,
    },
    { name: 'winston Http transport', code: `${W}new winston.transports.Http({ host: 'logs.example.com' });` },
    { name: 'File class from another library', code: `import { File } from 'megajs';\nconst f = new File({ name: 'app.log' });` },
    { name: 'DOM File', code: `const f = new File(['x'], 'app.log');` },
    {
      name: 'transports.File of an unrelated module',
      code: `import { transports } from './my-transports';\nnew transports.File({ filename: 'a.log' });`,
    },
    { name: 'winston File to /dev/stdout', code: `${W}new winston.transports.File({ filename: '/dev/stdout' });` },
    { name: 'pino default', code: `import pino from 'pino';\nconst logger = pino({ level: 'info' });` },
    { name: 'pino.destination(1)', code: `import pino from 'pino';\nconst logger = pino(pino.destination(1));` },
    { name: 'pino.destination(2)', code: `import pino from 'pino';\npino(pino.destination({ dest: 2, sync: false }));` },
    { name: 'pino.destination(process.stdout.fd)', code: `const pino = require('pino');\npino(pino.destination(process.stdout.fd));` },
    { name: 'pino.destination from env', code: `import pino from 'pino';\npino(pino.destination(process.env.LOG_DEST));` },
    {
      name: 'pino-pretty transport',
      code: `import pino from 'pino';\npino({ transport: { target: 'pino-pretty', options: { colorize: true } } });`,
    },
    {
      name: 'pino/file to fd 1',
      code: `import pino from 'pino';\npino({ transport: { target: 'pino/file', options: { destination: 1 } } });`,
    },
    { name: 'pino/file with no destination (stdout)', code: `import pino from 'pino';\npino.transport({ target: 'pino/file' });` },
    {
      name: 'bunyan to stdout',
      code: `const bunyan = require('bunyan');\nbunyan.createLogger({ name: 'app', streams: [{ level: 'info', stream: process.stdout }] });`,
    },
    {
      name: 'log4js stdout appender',
      code: `import log4js from 'log4js';\nlog4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'info' } } });`,
    },
    { name: 'type: file outside log4js appenders', code: `const upload = { type: 'file', filename: 'photo.png' };` },
    { name: 'morgan to stdout', code: `import morgan from 'morgan';\napp.use(morgan('combined'));` },
    {
      name: 'morgan to a logger stream',
      code: `import morgan from 'morgan';\napp.use(morgan('tiny', { stream: { write: (m: string) => logger.info(m.trim()) } }));`,
    },
    { name: 'writeFile of data.json', code: `import fs from 'fs';\nfs.writeFileSync('data.json', JSON.stringify(data));` },
    {
      name: 'appendFile of a csv report',
      code: `import fs from 'fs';\nfs.appendFileSync(path.join(__dirname, 'reports', 'sales.csv'), row);`,
    },
    {
      name: 'createWriteStream for an upload',
      code: `import fs from 'fs';\nreq.pipe(fs.createWriteStream(path.join('uploads', file.name)));`,
    },
    {
      name: 'writeFile into a cache directory',
      code: `const fs = require('fs/promises');\nawait fs.writeFile('.cache/catalog.json', body);`,
    },
    { name: 'a logs property that is not a path', code: `const options = { logs: true, verbose: false };\nres.json({ logs: entries });` },
    { name: 'a log-named file written by a non-fs object', code: `storage.writeFile('app.log', data);` },
    {
      name: 'new Console to stdout',
      code: `import { Console } from 'console';\nconst c = new Console({ stdout: process.stdout, stderr: process.stderr });`,
    },
    { name: 'blog directory', code: `import fs from 'fs';\nfs.writeFileSync('blog/post.md', md);` },
    { name: 'reading a log file', code: `import fs from 'fs';\nconst lines = fs.readFileSync('app.log', 'utf8');` },
  ],
  invalid: [
    {
      name: 'near-misses of an enabling flag: another switch (console_enabled), a test of the environment, a path setting from config',
      filename: 'lib/logging.js',
      code: `const winston = require('winston');\nconst config = require('./config');\nconst transports = [];\nif (config.logging.console_enabled) transports.push(new winston.transports.File({ filename: 'logs/a.log' }));\nif (config.isProductionFileEnabled) transports.push(new winston.transports.File({ filename: 'logs/b.log' }));\nif (config.logFile) transports.push(new winston.transports.File({ filename: config.logFile }));\nconst logToFile = process.env.NODE_ENV === 'production';\nconst fileLoggingEnabled = true;\nif (logToFile) transports.push(new winston.transports.File({ filename: 'logs/c.log' }));\nif (fileLoggingEnabled) transports.push(new winston.transports.File({ filename: 'logs/d.log' }));\nmodule.exports = winston.createLogger({ transports });\n`,
      errors: [
        { messageId: 'winstonFileTransport', line: 4, column: 53 },
        { messageId: 'winstonFileTransport', line: 5, column: 53 },
        { messageId: 'winstonFileTransport', line: 6, column: 37 },
        // A constant of the file (review): the code decides, not the operator.
        { messageId: 'winstonFileTransport', line: 9, column: 32 },
        { messageId: 'winstonFileTransport', line: 10, column: 41 },
      ],
    },
    {
      name: 'a log file named relative to the module with new URL(…, import.meta.url) (ESM), and through fileURLToPath',
      filename: 'src/logger.mjs',
      code: `import { appendFile } from 'node:fs/promises';\nimport { createWriteStream } from 'node:fs';\nimport { fileURLToPath } from 'node:url';\nconst logPath = new URL('../logs/app.log', import.meta.url);\nexport const info = (m) => appendFile(logPath, \`\${m}\\n\`);\nexport const access = createWriteStream(fileURLToPath(new URL('../logs/access.log', import.meta.url)), { flags: 'a' });\n`,
      errors: [
        { messageId: 'logFileWrite', line: 5, column: 28 },
        { messageId: 'logFileWrite', line: 6, column: 23 },
      ],
    },
    {
      name: 'near-misses of the direct forms: a file default after the read, a test of another variable, a destructured default file, a test of NODE_ENV (always set)',
      filename: 'src/logger.js',
      code: `const winston = require('winston');\nconst { LOG_FILE = 'logs/app.log' } = process.env;\nexports.a = process.env.LOG_FILE ? new winston.transports.File({ filename: process.env.LOG_FILE || 'logs/app.log' }) : undefined;\nexports.b = process.env.DEBUG ? new winston.transports.File({ filename: process.env.LOG_FILE }) : undefined;\nexports.c = LOG_FILE ? new winston.transports.File({ filename: LOG_FILE }) : undefined;\nif (process.env.NODE_ENV && process.env.NODE_ENV !== 'test') exports.d = new winston.transports.File({ filename: \`logs/\${process.env.NODE_ENV}.log\` });\n`,
      errors: [
        { messageId: 'winstonFileTransport', line: 3, column: 36 },
        { messageId: 'winstonFileTransport', line: 4, column: 33 },
        { messageId: 'winstonFileTransport', line: 5, column: 24 },
        { messageId: 'winstonFileTransport', line: 6, column: 74 },
      ],
    },
    {
      name: 'near-misses of a silent transport: silent: false, silent in tests only, silent unless debugging (on by default)',
      filename: 'src/logger.js',
      code: `const winston = require('winston');\nexports.a = new winston.transports.File({ filename: 'logs/a.log', silent: false });\nexports.b = new winston.transports.File({ filename: 'logs/b.log', silent: process.env.NODE_ENV === 'test' });\nexports.c = new winston.transports.File({ filename: 'logs/c.log', silent: !process.env.DEBUG });\nconst fileLoggingEnabled = process.env.NODE_ENV === 'production';\nexports.d = new winston.transports.File({ filename: 'logs/d.log', silent: !fileLoggingEnabled });\nexports.e = new winston.transports.File({ filename: 'logs/e.log', silent: process.env.IS_PRODUCTION !== 'true' });\n`,
      errors: [
        { messageId: 'winstonFileTransport', line: 2, column: 13 },
        { messageId: 'winstonFileTransport', line: 3, column: 13 },
        { messageId: 'winstonFileTransport', line: 4, column: 13 },
        { messageId: 'winstonFileTransport', line: 6, column: 13 },
        { messageId: 'winstonFileTransport', line: 7, column: 13 },
      ],
    },
    {
      name: "near-misses of opt-in files: a file default (also a parameter's), no condition on the setting, a condition on something else or on its value",
      filename: 'src/logger.js',
      code: `const winston = require('winston');\nconst fs = require('fs');\nconst path = require('path');\nconst LOG_FILE = process.env.LOG_FILE || 'logs/app.log';\nexports.a = LOG_FILE ? new winston.transports.File({ filename: LOG_FILE }) : undefined;\nexports.b = (dir) => fs.createWriteStream(path.join(dir, 'requests.log'), { flags: 'a' });\nexports.c = (dir, verbose) => (verbose ? fs.createWriteStream(path.join(dir, 'debug.log')) : process.stdout);\nexports.d = (logFile = 'logs/app.log') => (logFile ? new winston.transports.File({ filename: logFile }) : undefined);\nexports.e = (env) => (env !== 'test' ? fs.createWriteStream(path.join('logs', \`\${env}.log\`)) : process.stdout);\n`,
      errors: [
        { messageId: 'winstonFileTransport', line: 5, column: 24 },
        { messageId: 'logFileWrite', line: 6, column: 22 },
        { messageId: 'logFileWrite', line: 7, column: 42 },
        { messageId: 'winstonFileTransport', line: 8, column: 54 },
        { messageId: 'logFileWrite', line: 9, column: 40 },
      ],
    },
    {
      name: 'winston.transports.File with fix to Console keeping level and format',
      code: `${W}const logger = winston.createLogger({\n  transports: [new winston.transports.File({ filename: 'error.log', level: 'error', format: winston.format.json(), maxsize: 5242880 })],\n});\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 3, column: 16, messageIncludes: ['File transport'] }],
      output: `${W}const logger = winston.createLogger({\n  transports: [new winston.transports.Console({ level: 'error', format: winston.format.json() })],\n});\n`,
    },
    {
      name: 'winston File next to a Console transport: remove it',
      code: `${W}winston.createLogger({\n  transports: [\n    new winston.transports.Console(),\n    new winston.transports.File({ filename: 'combined.log' }),\n  ],\n});\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 5, column: 5 }],
      output: `${W}winston.createLogger({\n  transports: [\n    new winston.transports.Console(),\n  ],\n});\n`,
    },
    {
      name: 'destructured transports (CommonJS), multi-line options',
      filename: 'src/logger.js',
      code: `const { createLogger, transports } = require('winston');\nmodule.exports = createLogger({\n  transports: [\n    new transports.File({\n      filename: 'logs/app.log',\n      level: 'info',\n    }),\n  ],\n});\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 4, column: 5 }],
      output: `const { createLogger, transports } = require('winston');\nmodule.exports = createLogger({\n  transports: [\n    new transports.Console({\n      level: 'info',\n    }),\n  ],\n});\n`,
    },
    {
      name: 'logger.add(new File) with no options kept',
      code: `import * as winston from 'winston';\nlogger.add(new winston.transports.File({ filename: 'combined.log' }));\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 2, column: 12 }],
      output: `import * as winston from 'winston';\nlogger.add(new winston.transports.Console());\n`,
    },
    {
      name: 'File destructured deeply: no Console binding, no fix',
      code: `const { transports: { File } } = require('winston');\nconst t = new File({ filename: 'app.log' });\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 2, column: 11 }],
      output: null,
    },
    {
      name: 'DailyRotateFile from winston-daily-rotate-file',
      code: `import winston from 'winston';\nimport DailyRotateFile from 'winston-daily-rotate-file';\nconst rotate = new DailyRotateFile({ filename: 'app-%DATE%.log', datePattern: 'YYYY-MM-DD', level: 'warn' });\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 3, column: 16, messageIncludes: ['DailyRotateFile'] }],
      output: `import winston from 'winston';\nimport DailyRotateFile from 'winston-daily-rotate-file';\nconst rotate = new winston.transports.Console({ level: 'warn' });\n`,
    },
    {
      name: 'winston.transports.DailyRotateFile after requiring the plugin',
      filename: 'src/log.js',
      code: `const winston = require('winston');\nrequire('winston-daily-rotate-file');\nconst t = new winston.transports.DailyRotateFile({ dirname: 'logs' });\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 3, column: 11 }],
    },
    {
      name: 'winston v2 parenthesised constructor',
      code: `const winston = require('winston');\nconst t = new (winston.transports.File)({ filename: 'x.log' });\n`,
      errors: [{ messageId: 'winstonFileTransport', line: 2, column: 11 }],
    },
    {
      name: 'pino.destination to a path, fixed to fd 1',
      code: `import pino from 'pino';\nconst logger = pino(pino.destination('./logs/app.log'));\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 2, column: 21 }],
      output: `import pino from 'pino';\nconst logger = pino(pino.destination(1));\n`,
    },
    {
      name: 'pino.destination({ dest })',
      filename: 'src/log.mjs',
      code: `import { pino, destination } from 'pino';\nexport const log = pino(destination({ dest: '/var/log/app.log', sync: false }));\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 2, column: 25 }],
      output: `import { pino, destination } from 'pino';\nexport const log = pino(destination({ dest: 1, sync: false }));\n`,
    },
    {
      name: 'pino/file transport to a path',
      code: `import pino from 'pino';\nconst logger = pino({\n  transport: { target: 'pino/file', options: { destination: './app.log' } },\n});\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 3, column: 14 }],
      output: `import pino from 'pino';\nconst logger = pino({\n  transport: { target: 'pino/file', options: { destination: 1 } },\n});\n`,
    },
    {
      name: 'pino.transport targets with path.join destination',
      code: `import pino from 'pino';\nimport path from 'path';\nconst transport = pino.transport({\n  targets: [\n    { target: 'pino/file', options: { destination: path.join(__dirname, 'logs', 'app.log'), mkdir: true } },\n    { target: 'pino/file', options: { destination: 1 } },\n  ],\n});\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 5, column: 5 }],
    },
    {
      name: 'pino(options, path string): drop the destination',
      code: `const pino = require('pino');\nconst logger = pino({ level: 'info' }, '/tmp/app.log');\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 2, column: 16 }],
      output: `const pino = require('pino');\nconst logger = pino({ level: 'info' });\n`,
    },
    {
      name: 'Fastify logger file option',
      code: `import Fastify from 'fastify';\nconst app = Fastify({ logger: { level: 'info', file: '/var/log/api.log' } });\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 2, column: 48 }],
      output: `import Fastify from 'fastify';\nconst app = Fastify({ logger: { level: 'info' } });\n`,
    },
    {
      name: 'bunyan stream with a path and a rotating-file stream',
      filename: 'src/log.js',
      code: `const bunyan = require('bunyan');\nconst log = bunyan.createLogger({\n  name: 'api',\n  streams: [\n    { level: 'info', stream: process.stdout },\n    { level: 'error', path: '/var/tmp/api-error.log' },\n    { type: 'rotating-file', path: 'logs/api.log', period: '1d' },\n  ],\n});\n`,
      errors: [
        { messageId: 'bunyanFileStream', line: 6, column: 5 },
        { messageId: 'bunyanFileStream', line: 7, column: 5 },
      ],
    },
    {
      name: 'log4js file and dateFile appenders',
      code: `import log4js from 'log4js';\nlog4js.configure({\n  appenders: {\n    out: { type: 'stdout' },\n    app: { type: 'file', filename: 'application.log' },\n    daily: { type: 'dateFile', filename: 'daily.log', pattern: '.yyyy-MM-dd' },\n  },\n  categories: { default: { appenders: ['out', 'app', 'daily'], level: 'info' } },\n});\n`,
      errors: [
        { messageId: 'log4jsFileAppender', line: 5, column: 10, messageIncludes: ["'file'"] },
        { messageId: 'log4jsFileAppender', line: 6, column: 12, messageIncludes: ["'dateFile'"] },
      ],
    },
    {
      name: 'log4js fileSync appender in a config module',
      filename: 'config/log4js.js',
      code: `module.exports = {\n  appenders: { sync: { type: 'fileSync', filename: 'sync.log' } },\n  categories: { default: { appenders: ['sync'], level: 'debug' } },\n};\n`,
      errors: [{ messageId: 'log4jsFileAppender', line: 2, column: 22 }],
    },
    {
      name: 'morgan with an inline file stream: drop the options',
      code: `import fs from 'fs';\nimport morgan from 'morgan';\napp.use(morgan('combined', { stream: fs.createWriteStream('access.log', { flags: 'a' }) }));\n`,
      errors: [{ messageId: 'morganFileStream', line: 3, column: 9 }],
      output: `import fs from 'fs';\nimport morgan from 'morgan';\napp.use(morgan('combined'));\n`,
    },
    {
      name: 'morgan with a stream variable: drop the option and the stream',
      filename: 'app.js',
      code: `const fs = require('fs');\nconst path = require('path');\nconst morgan = require('morgan');\nconst accessLogStream = fs.createWriteStream(path.join(__dirname, 'access.log'), { flags: 'a' });\napp.use(morgan('combined', { stream: accessLogStream, skip: (req, res) => res.statusCode < 400 }));\n`,
      errors: [{ messageId: 'morganFileStream', line: 5, column: 9 }],
      output: `const fs = require('fs');\nconst path = require('path');\nconst morgan = require('morgan');\napp.use(morgan('combined', { skip: (req, res) => res.statusCode < 400 }));\n`,
    },
    {
      name: 'morgan with rotating-file-stream',
      code: `import morgan from 'morgan';\nimport * as rfs from 'rotating-file-stream';\nconst stream = rfs.createStream('access.log', { interval: '1d' });\napp.use(morgan('combined', { stream }));\n`,
      errors: [{ messageId: 'morganFileStream', line: 4, column: 9 }],
    },
    {
      name: 'fs.appendFileSync to a .log file: write to stdout',
      code: `import fs from 'fs';\nfunction log(line: string) {\n  fs.appendFileSync('server.log', line + '\\n');\n}\n`,
      errors: [{ messageId: 'logFileWrite', line: 3, column: 3, messageIncludes: ['appendFileSync', 'server.log'] }],
      output: `import fs from 'fs';\nfunction log(line: string) {\n  process.stdout.write(line + '\\n');\n}\n`,
    },
    {
      name: 'fs.appendFile with callback',
      filename: 'lib/log.js',
      code: `const fs = require('node:fs');\nfs.appendFile(path.join(__dirname, 'logs', 'app.txt'), msg, 'utf8', (err) => {});\n`,
      errors: [{ messageId: 'logFileWrite', line: 2, column: 1 }],
      output: `const fs = require('node:fs');\nprocess.stdout.write(msg, 'utf8', (err) => {});\n`,
    },
    {
      name: 'await appendFile from fs/promises to a template path',
      code: `import { appendFile } from 'fs/promises';\nexport async function audit(e: string) {\n  await appendFile(\`\${LOG_DIR}/audit-\${day}.log\`, e);\n}\n`,
      errors: [{ messageId: 'logFileWrite', line: 3, column: 9 }],
      output: `import { appendFile } from 'fs/promises';\nexport async function audit(e: string) {\n  process.stdout.write(e);\n}\n`,
    },
    {
      name: 'createWriteStream to a log path via a const: no fix',
      code: `import { createWriteStream } from 'node:fs';\nconst LOG_FILE = './logs/debug.txt';\nconst out = createWriteStream(LOG_FILE, { flags: 'a' });\n`,
      errors: [{ messageId: 'logFileWrite', line: 3, column: 13 }],
      output: null,
    },
    {
      name: 'writeFileSync of a .log: no fix',
      code: `import * as fs from 'fs';\nfs.writeFileSync('error.log', String(err));\n`,
      errors: [{ messageId: 'logFileWrite', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'new console.Console(fileStream)',
      code: `import fs from 'fs';\nconst output = fs.createWriteStream('./stdout.log');\nconst errorOutput = fs.createWriteStream('./stderr.log');\nconst logger = new console.Console(output, errorOutput);\n`,
      errors: [{ messageId: 'consoleToFile', line: 4, column: 16 }],
      output: null,
    },
    {
      name: "new Console({ stdout }) from 'console'",
      filename: 'src/log.js',
      code: `const { Console } = require('console');\nconst fs = require('fs');\nconst logger = new Console({ stdout: fs.createWriteStream('out.txt') });\n`,
      errors: [{ messageId: 'consoleToFile', line: 3, column: 16 }],
    },
    {
      name: 'pino to a file stream',
      code: `import pino from 'pino';\nimport fs from 'fs';\nconst logger = pino(fs.createWriteStream('./app.out'));\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 3, column: 16 }],
    },
  ],
});
