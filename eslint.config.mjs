// Lint rules, including the house plan's layers: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noNodeOrElectron = [
  {
    regex: '^electron(/.*)?$',
    message: 'Only electron/main and electron/preload may import Electron.',
  },
  {
    group: ['node:*', 'fs', 'path', 'child_process', 'os', 'net', 'http'],
    message: 'This layer runs without Node.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'release/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '**/*.py',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The `twinforge` launcher is plain CommonJS so it runs before anything is built.
    files: ['bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNodeOrElectron,
            {
              group: ['**/electron/host/**', '**/electron/main/**', '**/electron/preload/**'],
              message: 'The renderer reaches the host only through src/platform.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNodeOrElectron,
            {
              group: ['**/host/**', '**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'The contract depends on nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron(/.*)?$|/(main|preload)/',
              message: 'Host services and the CLI never import Electron.',
            },
          ],
        },
      ],
    },
  },
);
