// One lint configuration for the TypeScript packages (the mini-program keeps its own build tooling).
import tseslint from 'typescript-eslint';

/** Business time comes from the one clock (libs/shared/src/time/clock.ts), never from the wall clock directly. */
const wallClock = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read time from `clock` (business rules) or `realTime` (transport windows, caches, leases); durations with performance.now().' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read time from `clock` (business rules) or `realTime` (transport windows, caches, leases).' },
];

/**
 * What ships: a service's and the runtime library's code never imports the development kit (stand-ins, demo data,
 * development keys) or the operations tools. The one way in is a demo seed's dynamic `import('@fuel/devkit/demo')`,
 * which runs only under SEED_DEMO and stays outside the production bundle (e2e/src/shipped-build.e2e-spec.ts).
 */
const devkitLoaded = {
  selector: "ImportExpression[source.value=/^@fuel\\/(devkit|ops)/]:not([source.value='@fuel/devkit/demo'])",
  message: 'Only a demo seed may load the development kit, and only @fuel/devkit/demo, dynamically.',
};
const shippedCode = ['services/*/src/**/*.ts', 'libs/shared/src/**/*.ts'];
const whatShips = [
  {
    files: shippedCode,
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@fuel/devkit', '@fuel/devkit/*'], message: 'Production code cannot import the development kit; a demo seed loads @fuel/devkit/demo dynamically.' },
            { group: ['@fuel/ops', '@fuel/ops/*'], message: 'The operations tools run beside the platform, not inside it.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...wallClock, devkitLoaded],
    },
  },
  // The clock itself reads the wall clock.
  { files: ['libs/shared/src/time/clock.ts'], rules: { 'no-restricted-syntax': ['error', devkitLoaded] } },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/miniprogram/**', '.tools/**', '.data/**', 'infra/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  ...whatShips,
);
