/** codebase/no-cross-app-import: relative imports that leave their package for another package of the repository. */
import { ruleTester } from '../../../helpers/ruleTester';

const RULE = 'codebase/no-cross-app-import';
const app = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, scripts: { start: 'node dist/index.js' }, ...extra });
const lib = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, main: 'dist/index.js', types: 'dist/index.d.ts', ...extra });

const MONOREPO = {
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
  'apps/api/package.json': app('@acme/api', { dependencies: { '@acme/db': '*' } }),
  'apps/billing/package.json': app('@acme/billing'),
  'packages/db/package.json': lib('@acme/db'),
  'packages/mail/package.json': lib('@acme/mail'),
};

/** A Nest monorepo (credebl's shape): the root package holds apps/* and libs/*; a library has a package.json of its own. */
const NEST_MONOREPO = {
  'package.json': JSON.stringify({ name: 'platform', scripts: { build: 'nest build', 'start:prod': 'node dist/apps/gw/main' } }),
  'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'libs/*'\n",
  'nest-cli.json': JSON.stringify({
    monorepo: true,
    root: 'apps/gw',
    projects: {
      gw: { type: 'application', root: 'apps/gw', sourceRoot: 'apps/gw/src', entryFile: 'main' },
      common: { type: 'library', root: 'libs/common', sourceRoot: 'libs/common/src' },
    },
  }),
  'libs/common/package.json': lib('@platform/common'),
  'tools/seed/package.json': app('@platform/seed'),
};

ruleTester(RULE, {
  valid: [
    {
      name: "a library of the importer's Nest monorepo (nest-cli.json projects), by a relative path",
      filename: 'apps/gw/src/agent/agent.module.ts',
      code: `import { CommonModule } from '../../../../libs/common/src/common.module';\nexport const modules = [CommonModule];\n`,
      files: NEST_MONOREPO,
    },
    {
      name: 'imports within the package, however deep',
      filename: 'apps/api/src/routes/users.ts',
      code: `import { db } from '../../lib/db';\nimport config from '../config';\n`,
      files: MONOREPO,
    },
    {
      name: 'a workspace library the package declares (relative path or not)',
      filename: 'apps/api/src/index.ts',
      code: `import { client } from '../../../packages/db/src';\nimport { pool } from '@acme/db';\n`,
      files: MONOREPO,
    },
    {
      name: "a folder the tsconfig lists as the package's own (include, references)",
      filename: 'apps/billing/src/index.ts',
      code: `import { send } from '../../../packages/mail/src/send';\nimport { pool } from '../../api/src/pool';\n`,
      files: {
        ...MONOREPO,
        'apps/billing/tsconfig.json': JSON.stringify({ include: ['src', '../../packages/mail/src'], references: [{ path: '../api' }] }),
      },
    },
    {
      name: 'a type-only import is erased; a package.json read is metadata',
      filename: 'apps/billing/src/index.ts',
      code: `import type { User } from '../../api/src/models/user';\nexport type { Invoice } from '../../api/src/models/invoice';\nimport { version } from '../../api/package.json';\n`,
      files: MONOREPO,
    },
    {
      name: 'names imported without `import type` but used only as types (erased when TypeScript compiles)',
      filename: 'apps/billing/src/types.ts',
      code: `import { User, Role } from '../../api/src/models/user';\nimport * as Models from '../../api/src/models';\nexport type Invoice = { user: User; roles: Role[]; order: Models.Order };\nexport interface Payer extends Pick<User, 'id'> {}\n`,
      files: MONOREPO,
    },
    {
      name: "module folders of one app whose package.json only names the module (tegg's eggModule; cnpmcore)",
      filename: 'app/port/controller/PackageController.ts',
      code: `import { PackageService } from '../../core/service/PackageService';\nimport { NotFoundError } from '../../common/errors';\n`,
      files: {
        'package.json': JSON.stringify({
          name: 'registry',
          version: '3.0.0',
          scripts: { start: 'egg-scripts start' },
          dependencies: { egg: '^4' },
        }),
        'app/port/package.json': JSON.stringify({ name: 'registry-port', type: 'module', eggModule: { name: 'registryPort' } }),
        'app/core/package.json': JSON.stringify({ name: 'registry-core', type: 'module', eggModule: { name: 'registryCore' } }),
        'app/common/package.json': JSON.stringify({ name: 'registry-common', eggModule: { name: 'registryCommon' } }),
      },
    },
    {
      name: 'a nested tool package reading its enclosing package',
      filename: 'bin/make-docs.js',
      code: `const routes = require('../src/routes');\n`,
      files: { 'package.json': app('site'), 'bin/package.json': JSON.stringify({ name: 'site-bin', private: true }), 'src/routes.js': '' },
    },
    {
      name: 'a workspace package importing a tool package in its own tree that no workspace lists (react-email previews)',
      filename: 'packages/server/src/utils/notify.ts',
      code: `import { ServerThreshold } from '../emails/emails/server-threshold';\nexport const render = () => ServerThreshold;\n`,
      files: {
        'package.json': JSON.stringify({ name: 'root', private: true }),
        'pnpm-workspace.yaml': 'packages:\n  - apps/api\n  - packages/server\n',
        'packages/server/package.json': lib('@acme/server', { dependencies: { react: '*' } }),
        'packages/server/src/emails/package.json': JSON.stringify({
          name: 'emails',
          private: true,
          scripts: { dev: 'email dev' },
          dependencies: { 'react-email': '*' },
        }),
        'packages/server/src/emails/emails/server-threshold.tsx': 'export const ServerThreshold = 1;\n',
      },
    },
    {
      name: "tests, scripts and tool configs are not an app's code",
      filename: 'apps/api/test/billing.test.ts',
      code: `import { charge } from '../../billing/src/charge';\n`,
      files: MONOREPO,
    },
    {
      name: 'a dotfile tool config (.prettierrc.cjs, .eslintrc.js) sharing a preset of a sibling',
      filename: 'apps/api/.prettierrc.cjs',
      code: `module.exports = require('../billing/prettier-preset');\n`,
      files: MONOREPO,
    },
    {
      name: 'a build script of the repository',
      filename: 'scripts/seed.js',
      code: `require('../apps/api/src/db');\n`,
      files: MONOREPO,
    },
    {
      name: 'a vite config reaching into a sibling',
      filename: 'apps/web/vite.config.ts',
      code: `import shared from '../api/src/shared';\n`,
      files: { ...MONOREPO, 'apps/web/package.json': app('@acme/web') },
    },
    {
      name: 'one package: every folder is its own code',
      filename: 'server/index.js',
      code: `const render = require('../client/render');\nconst shared = require('../shared/util');\n`,
      files: { 'package.json': app('single') },
    },
    {
      name: 'folders without package.json under a monorepo root are not packages',
      filename: 'apps/api/src/index.ts',
      code: `import { x } from '../../../shared/x';\n`,
      files: MONOREPO,
    },
  ],
  invalid: [
    {
      name: 'near-miss of a Nest library: a package of the repository that nest-cli.json does not list',
      filename: 'apps/gw/src/agent/agent.module.ts',
      code: `import { seed } from '../../../../tools/seed/src/seed';\nexport const run = seed;\n`,
      files: NEST_MONOREPO,
      errors: [{ messageId: 'intoApp', line: 1, column: 22 }],
    },
    {
      name: 'near-misses of type uses: a name used as a value too, a class extended, a type Nest injects (decorator metadata)',
      filename: 'apps/billing/src/index.ts',
      code: `import { User } from '../../api/src/models/user';\nimport { Base } from '../../api/src/base';\nimport { InvoiceService } from '../../api/src/invoice.service';\nexport type Payer = User;\nexport const payer = new User();\nexport class Invoice extends Base {}\n@Injectable()\nexport class Billing {\n  constructor(private readonly invoices: InvoiceService) {}\n}\ndeclare function Injectable(): ClassDecorator;\n`,
      files: MONOREPO,
      errors: [
        { messageId: 'intoApp', line: 1, column: 22 },
        { messageId: 'intoApp', line: 2, column: 22 },
        { messageId: 'intoApp', line: 3, column: 32 },
      ],
    },
    {
      name: 'in JavaScript every import loads',
      filename: 'apps/billing/src/index.js',
      code: `import { User } from '../../api/src/models/user';\n/** @type {User} */\nexport let payer;\n`,
      files: MONOREPO,
      errors: [{ messageId: 'intoApp', line: 1, column: 22 }],
    },
    {
      name: 'a package importing an app nested in its tree (it starts on its own)',
      filename: 'packages/server/src/lib/index.ts',
      code: `import { routes } from '../admin/src/routes';\nexport default routes;\n`,
      files: {
        'package.json': JSON.stringify({ name: 'root', private: true }),
        'pnpm-workspace.yaml': 'packages:\n  - packages/server\n',
        'packages/server/package.json': lib('@acme/server'),
        'packages/server/src/admin/package.json': app('admin-app'),
        'packages/server/src/admin/src/routes.ts': 'export const routes = [];\n',
      },
      errors: [{ messageId: 'intoApp', line: 1, column: 24 }],
    },
    {
      name: 'an app reaching into a sibling app (TypeScript, ESM)',
      filename: 'apps/billing/src/invoices.ts',
      code: `import { PrismaService } from '../../api/src/prisma/prisma.service';\n`,
      files: MONOREPO,
      errors: [{ messageId: 'intoApp', line: 1, column: 31, endColumn: 68, messageIncludes: ['@acme/billing', '@acme/api (apps/api)'] }],
      output: null,
    },
    {
      name: 'require and dynamic import into another app (CommonJS), re-export too',
      filename: 'apps/api/src/jobs.js',
      code: `const predictor = require('../../billing/lib/predictor');\nimport('../../billing/lib/report').then(() => {});\nexport * from '../../billing/lib/types';\n`,
      files: MONOREPO,
      errors: [
        { messageId: 'intoApp', line: 1, column: 27 },
        { messageId: 'intoApp', line: 2, column: 8 },
        { messageId: 'intoApp', line: 3, column: 15 },
      ],
    },
    {
      name: 'a library it does not declare, through its entry: the fix imports it by name and declares it',
      filename: 'apps/billing/src/mail.ts',
      code: `import { send } from '../../../packages/mail/src/index';\n`,
      files: MONOREPO,
      errors: [{ messageId: 'intoPackage', line: 1, column: 22, messageIncludes: ['Declare "@acme/mail"'] }],
      output: `import { send } from '@acme/mail';\n`,
      outputFiles: {
        'apps/billing/package.json': '{"name":"@acme/billing","scripts":{"start":"node dist/index.js"},"dependencies": {"@acme/mail":"*"}}',
      },
    },
    {
      name: 'pnpm workspace: the declaration uses workspace:*',
      filename: 'apps/billing/src/db.ts',
      code: `import { pool } from '../../../packages/mail';\n`,
      files: {
        ...MONOREPO,
        'package.json': JSON.stringify({ name: 'acme', private: true }),
        'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      },
      errors: [{ messageId: 'intoPackage', line: 1, column: 22 }],
      output: `import { pool } from '@acme/mail';\n`,
      outputFiles: {
        'apps/billing/package.json':
          '{"name":"@acme/billing","scripts":{"start":"node dist/index.js"},"dependencies": {"@acme/mail":"workspace:*"}}',
      },
    },
    {
      name: 'near-misses of module folders: a name-only member the workspaces list, and a module folder with a version',
      filename: 'packages/web/src/index.ts',
      code: `import { theme } from '../../ui/src/theme';\nimport { track } from '../../analytics/index';\n`,
      files: {
        'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/web', 'packages/ui'] }),
        'packages/web/package.json': app('@acme/web'),
        'packages/ui/package.json': JSON.stringify({ name: '@acme/ui' }),
        'packages/analytics/package.json': JSON.stringify({ name: '@acme/analytics', version: '1.0.0' }),
      },
      errors: [
        { messageId: 'intoPackage', line: 1, column: 23 },
        { messageId: 'intoPackage', line: 2, column: 23 },
      ],
    },
    {
      name: 'name-only apps that are still their own packages: a pnpm list at column 0, lerna.json, a Dockerfile, an Nx project',
      filename: 'apps/api/src/index.ts',
      code: `import { run } from '../../worker/src/jobs';\nrun();\n`,
      files: {
        'package.json': JSON.stringify({ name: 'acme' }),
        'pnpm-workspace.yaml': 'packages:\n# the services\n- apps/*\n',
        'apps/api/package.json': JSON.stringify({ name: 'api' }),
        'apps/worker/package.json': JSON.stringify({ name: 'worker' }),
        'apps/worker/src/jobs.ts': 'export const run = () => {};\n',
      },
      errors: [{ messageId: 'intoPackage', line: 1, column: 21 }],
    },
    {
      name: 'lerna.json lists the packages',
      filename: 'apps/api/src/index.ts',
      code: `import { run } from '../../worker/src/jobs';\n`,
      files: {
        'package.json': JSON.stringify({ name: 'acme' }),
        'lerna.json': JSON.stringify({ packages: ['apps/*'] }),
        'apps/api/package.json': JSON.stringify({ name: 'api' }),
        'apps/worker/package.json': JSON.stringify({ name: 'worker' }),
      },
      errors: [{ messageId: 'intoPackage', line: 1, column: 21 }],
    },
    {
      name: 'no workspaces: the worker is deployed by its own Dockerfile; the api is an Nx project',
      filename: 'apps/api/src/index.ts',
      code: `import { run } from '../../worker/src/jobs';\n`,
      files: {
        'package.json': JSON.stringify({ name: 'acme' }),
        'apps/api/package.json': JSON.stringify({ name: 'api', nx: { tags: ['app'] } }),
        'apps/worker/package.json': JSON.stringify({ name: 'worker' }),
        'apps/worker/Dockerfile': 'FROM node:20\nCMD ["node", "dist/jobs.js"]\n',
      },
      errors: [{ messageId: 'intoApp', line: 1, column: 21 }],
    },
    {
      name: 'a serverless function in the root package reaching into a nested backend app',
      filename: 'api/screening/prediction.js',
      code: `const overnight = require('../../backend/overnightPredictor');\nconst pool = require('../../backend/node_modules/pg');\n`,
      files: { 'package.json': JSON.stringify({ name: 'site' }), 'backend/package.json': app('backend') },
      errors: [
        { messageId: 'intoApp', line: 1, column: 27 },
        { messageId: 'intoApp', line: 2, column: 22 },
      ],
    },
  ],
});
