// Lint rules that make the process boundaries hard: the renderer never
// reaches main, shared stays pure (no electron, no node:*), the core and CLI
// run under plain Node (no electron).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const noElectron = { name: 'electron', message: 'The core, its worker, the CLI and tests run under plain Node: receive what you need as arguments.' };
const noRepositories = {
  group: ['**/repositories/**', '**/db/schema', '**/db/database'],
  message: 'Handlers and CLI commands go through core services (core.library, core.profiles, core.active…), not repositories or tables.',
};
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'events', 'buffer'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'src/main/core/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', ...nodeBuiltins], message: 'src/shared runs in the renderer too: no electron, no Node built-ins.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'], message: 'src/shared depends on nothing else in src.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', ...nodeBuiltins], message: 'The renderer is sandboxed: ask main through window.api.' },
            { group: ['**/main/**', '**/preload/**', '**/cli/**'], message: 'The renderer talks to main only through window.api (src/shared/contract.ts).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/main/worker/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    // Handlers and commands are a line or two over core services (createCore): they never query tables themselves.
    files: ['src/main/ipc/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/ipc/register.ts', 'src/main/ipc/file-grants.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noRepositories] }] },
  },
  {
    // register.ts and file-grants.ts are main's side of IPC: Electron's types, still no tables.
    files: ['src/main/ipc/register.ts', 'src/main/ipc/file-grants.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRepositories] }] },
  },
  {
    // Every presigned URL the app makes goes through links/presign.ts, which refuses checksum parameters.
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/core/links/presign.ts', 'src/main/*.ts', 'src/main/ipc/register.ts', 'src/main/ipc/file-grants.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core, CLI and tests run under plain Node: receive what you need as arguments.' },
            { name: '@aws-sdk/s3-request-presigner', message: 'Presign through src/main/core/links/presign.ts (it checks for checksum parameters).' },
          ],
        },
      ],
    },
  },
);
