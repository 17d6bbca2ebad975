// ESLint: the folder layering of src/ (README "Project layout"), no import cycles, size warnings; the
// rules of hooks in the console.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Each layer may import only from the layers listed before it (lowest first).
const LAYERS = [
  ['core', 'config', 'crypto', 'observability', 'generated'],
  ['redis', 'db'],
  ['credentials'],
  ['domain'],
  ['auth'],
  ['services'],
  ['graphql'],
  ['http'],
  ['server'],
  ['scan', 'cli'],
];
const ALL = LAYERS.flat();
const zones = LAYERS.flatMap((layer, i) => {
  const higher = LAYERS.slice(i)
    .flat()
    .filter((f) => !layer.includes(f));
  if (higher.length === 0) return [];
  return layer.map((folder) => ({
    target: `./src/${folder}`,
    from: higher.map((f) => `./src/${f}`),
    message: `src/${folder} is below these folders in the layering (README "Project layout")`,
  }));
});
if (ALL.length !== new Set(ALL).size) throw new Error('a folder is listed in two layers');

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'data/',
      'node_modules/',
      'coverage/',
      'test-results/',
      'wip/',
      'src/generated/',
      'console/src/gql/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'max-lines': ['warn', { max: 350, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
      // Prettier wraps code at 120; comments are wrapped by hand. Strings (messages, GraphQL
      // documents, test names) stay whole, so they can be found with grep.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Node: the server, scripts, tests, configs (the console's code runs in the browser).
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['console/src/**'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    // The console (React in the browser): hooks are called in the same order on every render and
    // list what they read.
    files: ['console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Components: most of a component's lines are its markup, so no limit per function; files keep
    // the 350-line limit (a page's sub-views go in their own files in the feature folder).
    files: ['console/src/**/*.tsx'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // Tests and benchmarks: long describe blocks are the norm.
    files: ['test/**'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Generated migrations (npm run migration:generate) are a list of statements, never edited once
    // released: their length is the schema change's, not a design choice.
    files: ['src/db/migrations/**'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': 'off' },
  },
  {
    // CommonJS entry points and configs.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
