/** Unit specs sit beside the code (`*.spec.ts`); end-to-end specs under tests/ (`*.e2e-spec.ts`). */
const moduleNameMapper = { '^@bfa/(.*)$': '<rootDir>/libs/$1/src' };
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
/**
 * The slowest end-to-end suites (each several minutes on 2 cores: whole-year combinations, the release ledger's
 * LPs over many releases, 10,000 fuzzed requests, processes killed and restarted, many analysts at once): `npm run test:slow` runs them,
 * and `.ci/run` runs them after `npm test`, so `npm test` stays under 15 minutes and CI still runs everything.
 */
const SLOW = [
  'combination',
  'differencing',
  'fuzz',
  'restarts',
  'hardening',
  'noise-budget',
  'year-series',
  'multihost',
  'dimensions',
  'measures',
  'cocktail',
  'cohort',
  'nats-cluster',
  'legal-basis',
  'load',
  'retention',
  'randomizer-restart',
  'console-analyses',
  'key-holder-chunks',
  'rolling-upgrade',
].map((name) => `<rootDir>/tests/${name}\\.e2e-spec\\.ts$`);

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
      testPathIgnorePatterns: ['/node_modules/', ...SLOW],
    },
    {
      displayName: 'slow',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testRegex: SLOW.map((pattern) => pattern.replace('<rootDir>', '')),
      moduleFileExtensions: ['ts', 'js', 'json'],
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
      transform,
      setupFilesAfterEnv: ['<rootDir>/tests/support/e2e-setup.ts'],
    },
  ],
};
