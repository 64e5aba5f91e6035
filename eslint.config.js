// ESLint 9 flat config with typescript-eslint's type-aware rules. The rule set is chosen to catch
// bugs (lost promises, wrong awaits, stringified objects, unhandled union members, unused code),
// not to enforce style: formatting is Prettier's job. See docs/tooling.md.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated reference data, the generated client schema and local runtime data are not source.
    ignores: ['node_modules/', 'data/', 'src/reference/data/', 'coverage/', 'clients/typescript/schema.d.ts'],
  },
  // eslint:recommended correctness rules (no-undef is switched off for TypeScript by the preset
  // below: the compiler checks names).
  js.configs.recommended,
  // Brings, among others: no-floating-promises, no-misused-promises, await-thenable,
  // no-unnecessary-type-assertion, no-base-to-string, restrict-template-expressions,
  // prefer-promise-reject-errors, only-throw-error, unbound-method, no-unsafe-*.
  tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it/test return promises that the runner itself tracks; awaiting them
      // is not required (874 findings, all of them such calls). Every other promise still must be
      // awaited, returned, or explicitly voided.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // A switch over a union must name every member, even when it has a default: a new member
      // added later then fails lint where it is not handled.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
      // Numbers and booleans read fine in messages; `any`, `unknown` and objects do not.
      // Nullish stays allowed: with noUncheckedIndexedAccess nearly every `${parts[0]}` is typed
      // `string | undefined` although it is known to be there (allowNullish: false gave 55 such findings).
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowAny: false, allowRegExp: false },
      ],
      // `return promise` inside try/catch/finally skips the catch and finally: a real bug. Style
      // elsewhere is left alone.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/no-deprecated': 'error',
      // async without await is deliberate here: connectors, Kysely dialect methods and Fastify
      // handlers implement Promise-returning contracts, and `async` turns a synchronous throw into
      // a rejection. Removing `async` would change behaviour (19 findings, none a bug: at most an
      // `async` that is not needed).
      '@typescript-eslint/require-await': 'off',
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-unreachable-loop': 'error',
      'no-constructor-return': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Tests read JSON response bodies (`res.json()` is `any`) and poke at them: the no-unsafe-*
    // rules gave 556 findings in test/, every one on such a body, and 4 in the rest of the tree.
    // They stay on for src/, scripts/ and bench/, where an `any` leaking in is worth a look.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (bin/, this file) is not in tsconfig: lint it without type information.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
