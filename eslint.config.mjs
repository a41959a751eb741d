// Our own code's linter (CONTRIBUTING.md "Checks"): typescript-eslint with type information, plus the
// architecture rules: no import cycles, and a core (server/src/analysis) that never imports vscode or
// the LSP libraries. Formatting is Prettier's job (npm run format), so no stylistic rules here.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const LSP_OR_VSCODE = [
  { group: ['vscode', 'vscode-*', '@vscode/*'], message: 'The analysis core is pure: no vscode or LSP imports (docs/DESIGN.md §1).' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.tools/**',
      'test-results/**',
      'test/fixtures/**',
      'test/fixtures-report/**',
      'test/e2e/workspace/**',
      'examples/**',
      'bench/corpus/**',
      '**/*.d.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Lint where it finds bugs, not where it fights deliberate choices of the code base:
      '@typescript-eslint/no-namespace': 'off', // protocol.ts groups each custom method as a namespace (as vscode-eslint does)
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // The core decides what is a violation; it knows nothing about editors or protocols.
    files: ['server/src/analysis/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: LSP_OR_VSCODE }] },
  },
  {
    // The CLI is an adapter of the core too, never of the language server.
    files: ['server/src/cli.ts', 'server/src/cli/**/*.ts', 'server/src/format/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: LSP_OR_VSCODE }] },
  },
  {
    // Tests and tooling: node:test's describe/it return promises the runner awaits.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      // Tests read JSON (CLI output, LSP messages) and assert on it: `any` there is checked by the assertions.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
