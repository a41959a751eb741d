/**
 * logs/no-file-logging beyond logger constructors: paths given as fallbacks, config objects in modules
 * that never import the logger, rotating-file packages, console replaced by a file writer, output piped
 * into files — exact positions, and more near-misses than positives.
 */
import { ruleTester } from '../../../helpers/ruleTester';

ruleTester('logs/no-file-logging', {
  valid: [
    {
      name: 'leekslazylogger with its console transport only, and a module named like mini-logger that is not it',
      filename: 'src/lib/logger.js',
      code: `const { ConsoleTransport, Logger } = require('leekslazylogger');\nmodule.exports = new Logger({ transports: [new ConsoleTransport({ level: 'info' })] });\nconst mini = require('./mini-logger');\nmini({ dir: 'logs' });\n`,
    },
    {
      name: 'an env-only log destination with no literal fallback',
      filename: 'src/log.js',
      code: `const fs = require('fs');\nconst out = fs.createWriteStream(process.env.LOG_FILE);\n`,
    },
    {
      name: 'a fallback to stdout',
      code: `import pino from 'pino';\npino(pino.destination(process.env.LOG_DEST || '/dev/stdout'));\n`,
    },
    {
      name: 'an appenders key of something that is not log4js (no categories, no logging key, no import)',
      filename: 'config/mail.js',
      code: `module.exports = { appenders: { archive: { type: 'file', filename: 'mails.mbox' } } };\n`,
    },
    {
      name: 'a streams list of a non-logging config',
      filename: 'config/media.js',
      code: `module.exports = { media: { streams: [{ type: 'file', path: 'video.mp4' }] } };\n`,
    },
    {
      name: 'console.log replaced by a function writing to stdout',
      code: `const original = console.log;\nconsole.log = (...args) => process.stdout.write(args.join(' ') + '\\n');\n`,
    },
    {
      name: 'console.error wrapped to add a prefix',
      code: `const err = console.error;\nconsole.error = (...args) => err('[app]', ...args);\n`,
    },
    {
      name: 'a child process piped to our own stdout',
      filename: 'loader.js',
      code: `const { fork } = require('child_process');\nconst worker = fork('app.js', { silent: true });\nworker.stdout.pipe(process.stdout);\nworker.stderr.pipe(process.stderr);\n`,
    },
    {
      name: 'a download piped into a file (not output of a process)',
      filename: 'lib/download.js',
      code: `const fs = require('fs');\nres.body.pipe(fs.createWriteStream('archive.zip'));\n`,
    },
    {
      name: 'a CSV export written to a file stream',
      filename: 'lib/export.js',
      code: `const fs = require('fs');\nconst out = fs.createWriteStream(path.join(dir, 'report.csv'));\nout.write(rows.join('\\n'));\n`,
    },
  ],
  invalid: [
    {
      name: 'createWriteStream with a literal fallback path',
      filename: 'src/log.js',
      code: `const fs = require('fs');\nconst out = fs.createWriteStream(process.env.LOG_FILE || 'logs/app.log', { flags: 'a' });\n`,
      errors: [{ messageId: 'logFileWrite', line: 2, column: 13, messageIncludes: ['logs/app.log'] }],
    },
    {
      name: 'bunyan stream with a fallback path',
      filename: 'src/logger.js',
      code: `const bunyan = require('bunyan');\nmodule.exports = bunyan.createLogger({ name: 'api', streams: [{ path: process.env.LOG_PATH || '/var/log/api.log' }] });\n`,
      errors: [{ messageId: 'bunyanFileStream', line: 2, column: 63 }],
    },
    {
      name: 'pino.destination with a fallback',
      code: `import pino from 'pino';\nexport const logger = pino(pino.destination(process.env.LOG_FILE ?? './app.log'));\n`,
      errors: [{ messageId: 'pinoFileDestination', line: 2, column: 28 }],
    },
    {
      name: 'log4js config object in a config module that never imports log4js, case-insensitive type',
      filename: 'config/default.js',
      code: `module.exports = {\n  port: 3000,\n  log4js: {\n    appenders: [{ type: 'DateFile', filename: 'logs/access.log', pattern: '-yyyy-MM-dd' }],\n  },\n};\n`,
      errors: [{ messageId: 'log4jsFileAppender', line: 4, column: 17, messageIncludes: ["'DateFile'"] }],
    },
    {
      name: 'bunyan rotating-file stream in a config object built for createLogger elsewhere',
      filename: 'src/server/setup.js',
      code: `const options = {\n  bunyan: {\n    name: 'main',\n    streams: [{\n      type: 'rotating-file',\n      path: \`\${logdir}/main.log\`,\n      period: '1d',\n      count: 7,\n    }],\n  },\n};\nfs.writeFileSync('options.json', JSON.stringify(options));\n`,
      errors: [{ messageId: 'bunyanFileStream', line: 4, column: 15 }],
    },
    {
      name: 'logrotate-stream (CommonJS)',
      filename: 'loader.js',
      code: `const logrotate = require('logrotate-stream');\nconst output = logrotate({ file: outputLogFilePath, size: '10m', keep: 3 });\n`,
      errors: [{ messageId: 'rotatingFileStream', line: 2, column: 16, messageIncludes: ['logrotate-stream'] }],
    },
    {
      name: "loggers that write dated files: cnpm's mini-logger, leekslazylogger's FileTransport (behind a config switch)",
      filename: 'common/logger.js',
      code: `const Logger = require('mini-logger');\nmodule.exports = Logger({ categories: ['sync_info'], dir: logdir, duration: '1d' });\nconst { ConsoleTransport, FileTransport, Logger: Leek } = require('leekslazylogger');\nconst transports = [new ConsoleTransport({ level: 'info' })];\nif (config.logs.files.enabled) transports.push(new FileTransport({ directory: config.logs.files.directory }));\nmodule.exports.leek = new Leek({ transports });\n`,
      errors: [
        { messageId: 'rotatingFileStream', line: 2, column: 18, messageIncludes: ['mini-logger'] },
        { messageId: 'rotatingFileStream', line: 5, column: 48, messageIncludes: ['leekslazylogger'] },
      ],
    },
    {
      name: 'rotating-file-stream createStream (ESM)',
      code: `import { createStream } from 'rotating-file-stream';\nexport const accessLog = createStream('access.log', { interval: '1d', path: '/var/log/app' });\n`,
      errors: [{ messageId: 'rotatingFileStream', line: 2, column: 26 }],
    },
    {
      name: 'console.log replaced by a writer to a rotating file (NodeBB loader style)',
      filename: 'loader.js',
      code: `const logrotate = require('logrotate-stream');\nconst output = logrotate({ file: 'logs/output.log', size: '10m' });\nLoader.init = function () {\n  console.log = (...args) => {\n    output.write(\`\${args.join(' ')}\\n\`);\n  };\n};\n`,
      errors: [{ messageId: 'consoleReassigned', line: 4, column: 3, messageIncludes: ['console.log'] }],
    },
    {
      name: 'process.stdout.write replaced by appendFileSync to a log',
      code: `import fs from 'node:fs';\nprocess.stdout.write = ((chunk: string) => {\n  fs.appendFileSync('/var/log/app/out.log', chunk);\n  return true;\n}) as typeof process.stdout.write;\n`,
      errors: [{ messageId: 'consoleReassigned', line: 2, column: 1, messageIncludes: ['process.stdout.write'] }],
    },
    {
      name: 'worker output piped into a rotating file; the same name in another function',
      filename: 'loader.js',
      code: `const logrotate = require('logrotate-stream');\nconst output = logrotate({ file: 'logs/output.log' });\nfunction forkWorker(worker) {\n  const output = logrotate({ file: 'logs/worker.log', size: '1m' });\n  worker.stdout.pipe(output);\n  worker.stderr.pipe(output);\n}\n`,
      errors: [
        { messageId: 'rotatingFileStream', line: 2, column: 16 },
        { messageId: 'pipeToFile', line: 5, column: 3, messageIncludes: ['worker.stdout'] },
      ],
    },
    {
      name: 'process.stdout piped into an fs stream',
      filename: 'index.js',
      code: `const fs = require('fs');\nconst file = fs.createWriteStream('./server.log', { flags: 'a' });\nprocess.stdout.pipe(file);\n`,
      errors: [{ messageId: 'pipeToFile', line: 3, column: 1 }],
    },
  ],
});
