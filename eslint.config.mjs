import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'web/vendor/', 'test-artifacts/', '.data/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Command modules load the heavy parts (the app, NLP.js, the benches) with a typed require when the command runs,
    // so `signpost --help` and light commands start fast; import() would be an ES module import in this CommonJS build.
    // The same for the cloud recognizers, loaded only when NLU names them.
    files: ['src/cli.ts', 'src/cli/*.ts', 'src/services/nlu/createRecognizer.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.js', '*.js', 'test/**/*.js', 'web/**/*.js', 'data/tools/**/*.js'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', window: 'readonly', document: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', EventSource: 'readonly', navigator: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
