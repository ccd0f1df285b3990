// The lint half of the tooling gate (STYLE.md §15): type-aware rules for promises and type
// imports, React's hook rules for the UI, and import boundaries that keep the pipeline's pure
// stages free of I/O and the receivers and read path apart.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** What a pure stage must not import: storage, HTTP, gRPC, the file system, and the I/O layers. */
const IO_MODULES = [
  {
    group: [
      '@clickhouse/client',
      'chdb',
      'hono',
      'hono/*',
      '@hono/*',
      '@grpc/*',
      'node:fs',
      'node:fs/*',
      'node:http',
      'node:net',
    ],
    message: 'a pure stage does no I/O',
  },
  {
    group: ['**/store/*', '**/http/*', '**/grpc/*', '**/ingest/*', '**/query/*'],
    message: 'a pure stage does not reach into the I/O layers',
  },
]
const PURE_STAGES = ['otlp', 'normalise', 'cost', 'detect', 'drift', 'readiness/checks'].map(
  (d) => `collector/src/${d}/**/*.ts`,
)

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'ui/dist/**', 'test/artifacts/**', 'collector/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'named exports only (STYLE.md §1)' },
      ],
    },
  },
  {
    files: ['collector/src/**/*.ts', 'schema/src/**/*.ts'],
    ignores: ['collector/src/cli/**', '**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: PURE_STAGES,
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: IO_MODULES }] },
  },
  {
    files: ['collector/src/grpc/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/http/*'], message: 'grpc/ does not import http/' }] },
      ],
    },
  },
  {
    files: ['collector/src/ingest/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/query/*'], message: 'ingest/ does not import query/' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The rules of hooks. The plugin's React Compiler rules (purity, set-state-in-effect, ...) are
    // left out: the UI is not compiled by the React Compiler, and its hooks follow the classic rules.
    files: ['ui/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
)
