// Taro and many of its dependencies ship untranspiled ES modules, so node_modules is transformed too, except
// jest's and babel's own packages (jest loads its runner through the transformer) and big CommonJS packages.
// Written for pnpm's layout: node_modules/.pnpm/<name>@<version>/node_modules/<name>/…
const untransformed = ['jest-[^/@]+', '@jest\\+[^/@]+', 'babel-jest', '@babel\\+[^/@]+', 'react', 'react-dom', 'scheduler', 'jsdom', '@testing-library\\+[^/@]+']

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  moduleNameMapper: {
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@tarojs/taro$': '@tarojs/taro-h5',
    '\\.(css|less|scss|sass|styl)$': '<rootDir>/test/style-stub.js',
  },
  transform: {
    '^.+\\.m?[jt]sx?$': 'babel-jest',
  },
  transformIgnorePatterns: [`/node_modules/\\.pnpm/(${untransformed.join('|')})@`],
  testEnvironmentOptions: {
    customExportConditions: ['browser', 'default'],
  },
}
