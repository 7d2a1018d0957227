/** Unit specs sit beside the code (`*.spec.ts`); end-to-end specs under tests/ (`*.e2e-spec.ts`). */
const moduleNameMapper = { '^@bfa/(.*)$': '<rootDir>/libs/$1/src' };
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };

module.exports = {
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/seeds', '<rootDir>/deploy'],
      testMatch: ['**/*.spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
      transform,
      setupFilesAfterEnv: ['<rootDir>/tests/support/e2e-setup.ts'],
    },
  ],
};
