/** Dockerfile facts → the report's Docker evidence (report/docker.ts), 1-based lines. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerfileFacts } from '../../../server/src/analysis/facts/dockerfile';
import { dockerEvidence } from '../../../server/src/analysis/report/docker';
import { buildFolderReport } from '../../../server/src/analysis/report/build';
import { workspaceFacts } from '../../../server/src/analysis/facts/workspace';
import { RULES, defaultConfig } from '../../../server/src/analysis';

describe('Docker evidence for the report', () => {
  const text = [
    'ARG NODE_VERSION=20.11',
    'FROM node:${NODE_VERSION}-alpine AS build',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build && npm prune --omit=dev',
    '',
    'FROM node:lts-alpine',
    'RUN apk add --no-cache tini && npm install -g pm2',
    'WORKDIR /app',
    'ENV NODE_ENV=production PORT=3000',
    'COPY --from=build /app/dist ./dist',
    'USER node',
    'EXPOSE 3000',
    'HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1',
    'ENTRYPOINT ["/sbin/tini", "--"]',
    'CMD ["node", "dist/server.js"]',
    '',
  ].join('\n');

  it('report evidence, 1-based', () => {
    assert.deepEqual(dockerEvidence('deploy/Dockerfile', dockerfileFacts(text)), {
      file: 'deploy/Dockerfile',
      stages: 2,
      from: [
        { image: 'node:20.11-alpine', pinned: true, line: 2 },
        { image: 'node:lts-alpine', pinned: false, line: 9 },
      ],
      npmCi: [5],
      npmInstall: [],
      expose: [{ port: '3000', line: 15 }],
      command: { instruction: 'CMD', form: 'exec', line: 18 },
      init: { name: 'tini', line: 17 },
    });
    const shell = dockerEvidence('Dockerfile', dockerfileFacts('FROM node:20\nRUN npm install\nCMD npm start\n'));
    assert.deepEqual(shell.command, { instruction: 'CMD', form: 'shell', line: 3 });
    assert.deepEqual(shell.npmInstall, [2]);
    assert.equal(
      dockerEvidence('Dockerfile', dockerfileFacts('FROM node:20\nCMD ["npm", "start"]\n')).command,
      undefined,
      'npm as PID 1 is not claimed to receive signals',
    );
    assert.deepEqual(
      dockerEvidence('Dockerfile', dockerfileFacts('FROM node:20\nENTRYPOINT node x.js\nCMD ["--port", "1"]\n')).command,
      { instruction: 'ENTRYPOINT', form: 'shell', line: 2 },
      'a shell-form ENTRYPOINT decides PID 1',
    );
  });

  it('factor IX: an init as PID 1 and the exec-form command are positive evidence', () => {
    const root = '/nonexistent-report-root';
    const report = buildFolderReport({
      root,
      files: [],
      findings: [],
      config: defaultConfig(),
      rules: RULES,
      facts: workspaceFacts(
        root,
        [],
        () => undefined,
        () => undefined,
        () => false,
      ),
      docker: [dockerEvidence('Dockerfile', dockerfileFacts(text))],
    });
    const ix = report.factors.find((f) => f.roman === 'IX')!;
    assert.deepEqual(
      ix.evidence.map((e) => [e.kind, e.text, e.file ?? '', e.line ?? 0].join(' | ')),
      [
        'positive | tini as PID 1 (passes signals on to the app) | Dockerfile | 17',
        'positive | Dockerfile CMD in exec form (signals reach the process) | Dockerfile | 18',
        'neutral | no SIGTERM handler found |  | 0',
      ],
    );
  });
});
