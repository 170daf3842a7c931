'use strict';
const swcOptions = require('./tools/runtime/swc-options');

const { sourceMaps, filename, ...swc } = swcOptions('');

// The services the tests start (hundreds of processes) load without decoding source maps: see
// tools/runtime/register.js. Jest maps the tests' own stack traces itself.
process.env.TSUKIMI_SOURCE_MAPS ??= 'off';

/** Unit tests (`*.spec.ts`) and integration tests (`*.int-spec.ts`) in one run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/bench', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  maxWorkers: 2,
};
