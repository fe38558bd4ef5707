// `npm test` runs every suite. `npm run test:fast` (MC_TEST_FAST=1) leaves out the slow ones a
// developer waits for: the HTTP fuzz, the walks over every state, the compiled build, the
// browser, spawned processes, synthesised audio, and every sentence of the models and held-out
// sets through every channel. CI always runs the full set.
const slowSuites = [
  'hardening',
  'walk',
  'virtual-alexa-walk',
  'build',
  'browser',
  'server-process',
  'audio-length',
  'cli',
  'resilience',
  'lock-race',
  'docker',
  'attack-slow',
  // Whole interaction models, held-out sets and shared lists through every channel and state.
  'heldout-channels-en',
  'heldout-channels-de',
  'heldout-matcher',
  'free-text-conflicts',
  'grammatical-samples',
  'safety-flow',
  'understanding',
  'dialogflow-understanding',
  'browser-floor',
  'browser-report',
  'browser-author',
  'infra',
  'listing',
];

const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // At least two workers: half the suites wait on a browser, a server or a child process, so a
  // second worker on a two-core machine nearly halves the run (jest's default there is one).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // Every test file starts with Node's own http functions, whatever the file before it patched.
  setupFiles: ['<rootDir>/test/helpers/pristine-http.ts'],
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: process.env.MC_TEST_FAST ? slowSuites.map((name) => `/test/${name}\\.test\\.ts$`) : [],
  // Types are checked once, by `tsc --noEmit` in `npm test`; jest only transpiles each file.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // The page's plain ES modules a unit test imports (src/server/web/report.js), made CommonJS for jest.
    '/src/server/web/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
