/**
 * @fuel/devkit: what development and the tests need and production must never carry: the development credentials
 * (and the environment that hands them to every process), the demo data, the provider stand-ins (./standins), the
 * back-office simulators and the test helpers (./testing). Services do not depend on it; ESLint refuses a static
 * import of it in a service's code, and the shipped-build test (e2e/src/shipped-build.e2e-spec.ts) looks for its
 * contents in each service's production bundle.
 */
export * from './dev-env.js';
export * from './dev-values.js';
export * from './demo/demo-data.js';
