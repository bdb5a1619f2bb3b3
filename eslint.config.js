// One lint configuration for the TypeScript packages (the mini-program keeps its own build tooling).
import tseslint from 'typescript-eslint';

/** Business time comes from the one clock (libs/shared/src/time/clock.ts), never from the wall clock directly. */
const oneClock = {
  files: ['services/*/src/**/*.ts', 'libs/shared/src/**/*.ts'],
  ignores: ['**/*.spec.ts', 'libs/shared/src/time/clock.ts', 'libs/shared/src/standins/**', 'libs/shared/src/testing/**', 'services/*/src/tools/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read time from `clock` (business rules) or `realTime` (transport windows, caches, leases); durations with performance.now().' },
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read time from `clock` (business rules) or `realTime` (transport windows, caches, leases).' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/miniprogram/**', '.tools/**', '.data/**', 'infra/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  oneClock,
);
