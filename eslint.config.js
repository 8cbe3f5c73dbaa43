import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'
import { boundaryZones } from './scripts/boundaries.mjs'

/** Database drivers: only src/db and the search engines may import them. */
const DRIVER_PATTERNS = [
  {
    group: ['better-sqlite3', 'pg', 'pg-*'],
    message: 'Only src/db and the search engines touch a database driver.',
  },
]
/** Asking which engine this is by its class belongs in src/db and the search engines too. */
const ENGINE_CLASSES = [
  {
    name: 'kysely',
    importNames: ['SqliteAdapter', 'PostgresAdapter', 'SqliteDialect', 'PostgresDialect'],
    message: 'Engine checks belong in src/db or the search engines (see Db and SearchIndex).',
  },
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'coverage/**',
      'bench/out/**',
      'bin/**',
      'scripts/**/*.mjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // Layering: a module's services, repositories and rule files never import the web layer or the
    // CLI; only its routes, views and guards do (docs/ARCHITECTURE.md, "Boundaries").
    files: ['src/modules/**/*.ts', 'src/modules/**/*.tsx'],
    ignores: [
      'src/modules/**/*.routes.ts',
      'src/modules/**/*.routes.tsx',
      'src/modules/**/*.views.tsx',
      'src/modules/**/*.guard.ts',
      'src/modules/**/routes.ts',
      'src/modules/**/*.test.ts',
      'src/modules/**/*.test.tsx',
      'src/modules/catalogue/search/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'fastify',
                '@fastify/*',
                '**/http/*',
                '**/http/**',
                '**/cli/*',
                '**/cli/**',
                '**/cli.js',
              ],
              message: 'Only routes, views and guards may import HTTP or CLI code.',
            },
            ...DRIVER_PATTERNS,
          ],
          paths: ENGINE_CLASSES,
        },
      ],
    },
  },
  {
    // Engines: only src/db and the search engines touch a database driver or test the engine's class.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/db/**', 'src/modules/catalogue/search/**', 'src/modules/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: DRIVER_PATTERNS, paths: ENGINE_CLASSES }],
    },
  },
  {
    // Sealed modules: from outside a module folder, only its index.ts (and routes.ts, for src/app.ts)
    // may be imported; a module's index never re-exports its repositories.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones(import.meta.dirname) }],
    },
  },
  {
    files: ['src/modules/**/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./*.repository*', './**/*.repository*'],
              message: 'A repository stays inside its module: export a service function instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
)
