// Type-aware linting: ESLint's recommended set and typescript-eslint's recommended and strict
// type-checked sets, with the few changes below, each with its reason.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', '.data-chat/', 'cdk.out/', 'infra/cdk.out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // A promise nobody awaits loses its error: the review's first ask.
      '@typescript-eslint/no-floating-promises': 'error',
      // tsconfig has noUncheckedIndexedAccess, so every index read is `T | undefined`; a `!` marks
      // a read whose index the code has just bounded (a loop over the same array, a lookup table
      // built from the same keys). Banning it would mean casts or dead branches instead.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans in a template read naturally ("hold 30 s"); objects still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `(x) => void call(x)` and `() => res.end()` are the idiom for callbacks; still refused elsewhere.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidOperator: true, ignoreVoidReturningFunctions: true },
      ],
      // Express handlers and tests pass async functions where void callbacks are typed; their
      // errors are caught by Express 5 and jest. Promise-returning arguments elsewhere still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // XState's setup({ types: {} as {...} }) and generic calls infer their type arguments from
      // the assertion; the rule calls it unnecessary and its fix erases the machine's types.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // An async method that implements a Promise interface (the in-memory store, a close()) may have
      // nothing to await; async still turns a throw into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Platform requests are untrusted JSON typed by the platform's own model, whose "required"
    // fields can still be missing: the optional chains there are the defence, not noise.
    files: ['src/platforms/**'],
    rules: { '@typescript-eslint/no-unnecessary-condition': 'off' },
  },
  {
    // Tests, benches and scripts read untyped JSON (HTTP bodies, fixtures) and assert its shape:
    // that is their job, so `any` flowing from a parsed body is allowed there, never in src/.
    files: ['test/**', 'bench/**', 'scripts/**', 'docs/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      // afterAll closes what a failed beforeAll may never have opened (\`browser?.close()\`).
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Some helpers load a dependency's own copy of a module by path, which import cannot name.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Plain scripts: the page's scripts run in the browser and are type-checked by tsc (checkJs);
    // config files run in node. Neither is in the TypeScript project, so no type-aware rules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // The page's scripts are ES modules; the service worker is a classic worker script.
  { files: ['src/server/web/**/*.js'], languageOptions: { globals: { ...globals.browser }, sourceType: 'module' } },
  {
    files: ['src/server/web/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker }, sourceType: 'script' },
  },
  {
    files: ['jest.config.js', 'test/helpers/*.js'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
    // CommonJS files load their modules with require().
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
