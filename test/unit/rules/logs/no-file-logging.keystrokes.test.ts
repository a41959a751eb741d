/**
 * logs/no-file-logging across keystrokes: statements in which no check found anything are not checked
 * again while they are reused, and are checked again when what they read elsewhere changes: the
 * module bindings, a path or options object held in a name declared in another statement.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDocument } from '../../../helpers/openDocument';

const RULE = 'logs/no-file-logging';

describe(`${RULE}: verdicts kept for untouched statements`, () => {
  it('a require of fs typed below a write to a log file makes it a finding, and a change of module takes it back', () => {
    const doc = openDocument(RULE, '/w/src/audit.js', `exports.audit = (line) => fs.appendFileSync('audit.log', line);\nexports.v = 2;\n`);
    assert.deepEqual(doc.findings(), []);
    const write = doc.statement(0);
    assert.deepEqual(doc.edit(`exports.v = 2;\n`, `exports.v = 2;\nconst fs = require('fs');\n`), ['logFileWrite 1:27']);
    assert.equal(doc.statement(0), write, 'the write is reused: only what it read decides');
    assert.deepEqual(doc.edit(`require('fs')`, `require('./memfs')`), []);
    assert.equal(doc.statement(0), write);
  });

  it('a path held in a constant declared elsewhere: renamed to a log file, the write becomes a finding', () => {
    const doc = openDocument(
      RULE,
      '/w/src/report.ts',
      `import { appendFileSync } from 'node:fs';\nexport const save = (row: string) => appendFileSync(OUT, row);\nexport const v = 2;\nconst OUT = 'report.csv';\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`'report.csv'`, `'logs/report.log'`), ['logFileWrite 2:38']);
    assert.deepEqual(doc.edit(`'logs/report.log'`, `'report.csv'`), []);
  });

  it('a path built from the environment and a name declared elsewhere: the name made a log file, the untouched write is found', () => {
    const doc = openDocument(
      RULE,
      '/w/src/audit.js',
      `const fs = require('fs');\nexports.audit = (line) => fs.appendFileSync(process.env.AUDIT_FILE || \`\${process.env.HOME}/\${NAME}\`, line);\nexports.v = 2;\nconst NAME = 'audit.txt';\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const write = doc.statement(1);
    assert.deepEqual(doc.edit(`'audit.txt'`, `'audit.log'`), ['logFileWrite 2:27']);
    assert.equal(doc.statement(1), write, 'the write is reused');
    assert.deepEqual(doc.edit(`'audit.log'`, `'audit.txt'`), []);
  });

  it('winston options held in a name: a File transport added to them is found', () => {
    const doc = openDocument(
      RULE,
      '/w/src/log.ts',
      `import winston from 'winston';\nexport const logger = winston.createLogger(options);\nexport const v = 2;\nconst options = { transports: [new winston.transports.Console()] };\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(
      doc.edit(
        `new winston.transports.Console()]`,
        `new winston.transports.Console(), new winston.transports.File({ filename: 'app.log' })]`,
      ),
      ['winstonFileTransport 4:66'],
    );
  });

  it('a statement with nothing to find stays quiet when another statement changes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.js',
      `const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\nmodule.exports = app;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`module.exports = app;`, `module.exports = { app };`), []);
    assert.deepEqual(
      doc.edit(
        `module.exports = { app };`,
        `require('rotating-file-stream').createStream('app.log', { interval: '1d' });\nmodule.exports = { app };`,
      ),
      ['rotatingFileStream 4:1'],
    );
    // The statement that reported is checked again on the next keystroke elsewhere: its finding stays.
    assert.deepEqual(doc.edit(`module.exports = { app };`, `module.exports = { app };\nmodule.exports.v = 3;`), ['rotatingFileStream 4:1']);
    assert.deepEqual(doc.edit(`v = 3`, `v = 4`), ['rotatingFileStream 4:1']);
  });

  it('a stream piped into, declared in another statement: made a file stream, the untouched pipe is found', () => {
    const doc = openDocument(
      RULE,
      '/w/src/worker.js',
      `const fs = require('fs');\nexports.start = (child) => child.stdout.pipe(out);\nexports.v = 2;\nconst out = makeStream();\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const pipe = doc.statement(1);
    assert.deepEqual(doc.edit(`makeStream()`, `fs.createWriteStream('worker.log')`), ['pipeToFile 2:28']);
    assert.equal(doc.statement(1), pipe, 'the pipe is reused');
  });

  it('morgan options held in a name: a file stream put into them makes the untouched morgan call a finding', () => {
    const doc = openDocument(
      RULE,
      '/w/src/http.js',
      `const fs = require('fs');\nconst morgan = require('morgan');\nmodule.exports = (app) => app.use(morgan('combined', opts));\nmodule.exports.v = 2;\nconst opts = { stream: process.stdout };\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const use = doc.statement(2);
    assert.deepEqual(doc.edit(`process.stdout`, `fs.createWriteStream('access.log', { flags: 'a' })`), ['morganFileStream 3:35']);
    assert.equal(doc.statement(2), use, 'the morgan call is reused');
  });
});
