'use strict';
const swcOptions = require('./tools/runtime/swc-options');

const { sourceMaps, filename, ...swc } = swcOptions('');

// The services the tests start (hundreds of processes) load without decoding source maps: see
// tools/runtime/register.js. Jest maps the tests' own stack traces itself.
process.env.TSUKIMI_SOURCE_MAPS ??= 'off';
// The prefill and decode instances they start time the tiny model's engine once per settings, not at
// every start (hundreds of starts, about 0.4 s of CPU each): see --engine-timings-cache.
const engineTimingsCache = require('node:path').join(__dirname, 'node_modules', '.cache', 'tsukimi-engine-timings');
process.env.TSUKIMI_PREFILL_ENGINE_TIMINGS_CACHE ??= engineTimingsCache;
process.env.TSUKIMI_DECODE_ENGINE_TIMINGS_CACHE ??= engineTimingsCache;

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
