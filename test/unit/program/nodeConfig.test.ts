/**
 * node-config (the `config` package): `config.get('server.port')` and `config.db` are followed into the
 * package's config/ folder by the port and locator rules (facts/nodeConfig.ts), merged as node-config
 * merges them where production runs; a key mapped in custom-environment-variables is the deploy's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { ROOT, brief, judge, type Brief } from './helpers';

const PORT = 'port-binding/port-from-environment';
const LOCATOR = 'backing-services/no-hardcoded-locator';
const RULES = new Set([PORT, LOCATOR]);
const PKG = (main: string, deps: Record<string, string> = { config: '^3.3.12', express: '^4.21.0', mongoose: '^8.0.0' }) =>
  JSON.stringify({ name: 'vidly', main, dependencies: deps });

/** Express on node-config: the port and the database from config.get (CommonJS). */
const APP_CJS = `const config = require('config');
const express = require('express');
const mongoose = require('mongoose');
const app = express();
mongoose.connect(config.get('db'));
app.listen(config.get('server.port'));
`;
/** The same in TypeScript, by property access (node-config's objects have the keys). */
const APP_TS = `import config from 'config';
import express from 'express';
import mongoose from 'mongoose';
await mongoose.connect(config.db.uri);
express().listen(config.get<number>('port'));
`;
const DEFAULT_JSON = `{
  "db": "mongodb://localhost/vidly",
  "server": { "port": 3000 }
}
`;

interface Case {
  name: string;
  files: Record<string, string>;
  errors?: Brief[];
}

const valid: Case[] = [
  {
    name: 'keys mapped in custom-environment-variables.json (a name, and __name with __format)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': APP_CJS,
      'config/default.json': DEFAULT_JSON,
      'config/custom-environment-variables.json': `{ "db": "MONGODB_URI", "server": { "port": { "__name": "PORT", "__format": "number" } } }\n`,
    },
  },
  {
    name: 'a JavaScript config file among those read (it may read the environment)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': APP_CJS,
      'config/default.json': DEFAULT_JSON,
      'config/production.js': `module.exports = { db: process.env.MONGODB_URI, server: { port: Number(process.env.PORT) } };\n`,
    },
  },
  {
    name: 'a package that does not depend on node-config (a tsconfig path named config)',
    files: {
      'package.json': PKG('index.js', { express: '^4.21.0', mongoose: '^8.0.0' }),
      'index.js': APP_CJS,
      'config/default.json': DEFAULT_JSON,
    },
  },
  {
    name: 'NODE_CONFIG set where the package deploys',
    files: {
      'package.json': PKG('index.js'),
      'index.js': APP_CJS,
      'config/default.json': DEFAULT_JSON,
      Dockerfile: `FROM node:20\nCOPY . .\nENV NODE_CONFIG_DIR=/etc/vidly\nCMD ["node", "index.js"]\n`,
    },
  },
  {
    name: 'a key no production file sets (development.json is not read)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const config = require('config');\nrequire('express')().listen(config.get('port'));\n`,
      'config/default.json': `{ "name": "vidly" }\n`,
      'config/development.json': `{ "port": 3000 }\n`,
    },
  },
  {
    name: 'a YAML config folder (not read: its files are not analysed)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': APP_CJS,
      'config/default.yaml': `db: mongodb://localhost/vidly\nserver:\n  port: 3000\n`,
    },
  },
  {
    name: 'a production file that cannot be parsed makes the merge unknown',
    files: {
      'package.json': PKG('index.js'),
      'index.js': APP_CJS,
      'config/default.json': DEFAULT_JSON,
      'config/production.json': `{ "server": { "port": 80, } oops }\n`,
    },
  },
];

const invalid: Case[] = [
  {
    name: 'config.get with no variable mapped: the values of default.json',
    files: { 'package.json': PKG('index.js'), 'index.js': APP_CJS, 'config/default.json': DEFAULT_JSON },
    errors: [
      { file: 'config/default.json', line: 2, column: 9, messageId: 'configLocator' },
      { file: 'config/default.json', line: 3, column: 23, messageId: 'configPort' },
    ],
  },
  {
    name: 'production.json over default.json; a mapping of another key changes nothing (TypeScript, ESM)',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': APP_TS,
      'config/default.json': `{\n  "db": { "uri": "mongodb://localhost:27017/vidly" },\n  "port": 3000\n}\n`,
      'config/production.json': `{ "port": 8080 }\n`,
      'config/custom-environment-variables.json': `{ "jwtPrivateKey": "VIDLY_JWT" }\n`,
    },
    errors: [
      { file: 'config/default.json', line: 2, column: 18, messageId: 'configLocator' },
      { file: 'config/production.json', line: 1, column: 11, messageId: 'configPort' },
    ],
  },
  {
    name: "a developer's local.json is not what a deploy has: default.json's values are",
    files: {
      'package.json': PKG('index.js'),
      'index.js': APP_CJS,
      'config/default.json': DEFAULT_JSON,
      'config/local.json': `{ "db": "mongodb://localhost/mine", "server": { "port": 4000 } }\n`,
    },
    errors: [
      { file: 'config/default.json', line: 2, column: 9, messageId: 'configLocator' },
      { file: 'config/default.json', line: 3, column: 23, messageId: 'configPort' },
    ],
  },
  {
    name: 'through a config module of the app that wraps node-config',
    files: {
      'package.json': PKG('server.js'),
      'settings.js': `const config = require('config');\nmodule.exports = { port: config.get('server.port') };\n`,
      'server.js': `const settings = require('./settings');\nrequire('http').createServer().listen(settings.port);\n`,
      'config/default.json': DEFAULT_JSON,
    },
    errors: [{ file: 'config/default.json', line: 3, column: 23, messageId: 'configPort' }],
  },
];

describe('node-config values followed by the port and locator rules', () => {
  const only = (files: Record<string, string>) => brief(judge(files).findings.filter((f) => RULES.has(f.ruleId)));
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) it(c.name, () => assert.deepEqual(only(c.files), []));
  });
  describe('invalid', () => {
    for (const c of invalid) it(c.name, () => assert.deepEqual(only(c.files), c.errors));
  });

  it('says which key to map, points back at the server, and offers no fix a JSON file cannot take', () => {
    const { findings } = judge(invalid[0].files);
    const port = findings.find((f) => f.ruleId === PORT)!;
    assert.match(port.message, /port 3000, set as 'server\.port' in node-config's config\/default\.json.*Map 'server\.port' to PORT/);
    assert.deepEqual(
      port.related?.map((r) => [r.file.split('/').pop(), r.range.start.line + 1]),
      [['index.js', 6]],
    );
    assert.deepEqual(port.fixes ?? [], []);
    const locator = findings.find((f) => f.ruleId === LOCATOR)!;
    assert.match(locator.message, /'mongodb:\/\/localhost\/vidly' is set as 'db'.*Map 'db' to MONGODB_URI/);
    assert.deepEqual(locator.fixes ?? [], []);
  });

  it('a locator of config/production.json is reported once, by the JSON file check', () => {
    const files = {
      'package.json': PKG('index.js'),
      'index.js': `const config = require('config');\nrequire('mongoose').connect(config.get('mongo.url'));\n`,
      'config/default.json': `{ "mongo": { "url": "mongodb://localhost/vidly" } }\n`,
      'config/production.json': `{ "mongo": { "url": "mongodb://prod-db.internal/vidly" } }\n`,
    };
    const { session } = judge(files);
    const found = brief(session.findings(path.join(ROOT, 'config/production.json')).filter((f) => f.ruleId === LOCATOR));
    assert.deepEqual(found, [{ file: 'config/production.json', line: 1, column: 21, messageId: 'hardcodedLocator' }]);
  });
});
