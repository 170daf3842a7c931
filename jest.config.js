'use strict';
const swcOptions = require('./tools/runtime/swc-options');

const { sourceMaps, filename, ...swc } = swcOptions('');

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
