#!/usr/bin/env node
'use strict';
/**
 * `npm test`: type check, lint, then every jest test (unit and integration).
 * Ends with one line `N passed, N failed`. The type check and the lint count as one
 * test each; a skipped or todo test counts as failed, and so does a test file that
 * failed to run at all.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureSystemPackages } = require('./system-packages');

const root = path.resolve(__dirname, '..', '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsFile = path.join(root, '.jest-results.json');
const extraJestArgs = process.argv.slice(2);

/** Runs `command` with its output streamed as it comes, under its title; resolves whether it succeeded. */
function step(title, command, args, env = {}) {
  const startedMs = Date.now();
  process.stdout.write(`\n== ${title}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => process.stdout.write(`${error.message}\n`));
    child.on('close', (code) => {
      const ok = code === 0;
      process.stdout.write(`== ${title}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - startedMs) / 1000).toFixed(1)} s)\n`);
      resolve(ok);
    });
  });
}

const missing = ensureSystemPackages((line) => process.stdout.write(line));
if (missing !== undefined) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}

let passed = 0;
let failed = 0;
const count = (ok) => (ok ? passed++ : failed++);

/**
 * Runs `command` with its output held back, and prints it under its title once it ends: steps that
 * run side by side then read one after the other.
 */
function quietStep(title, command, args) {
  const startedMs = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const ok = code === 0;
      process.stdout.write(`\n== ${title}\n${Buffer.concat(output).toString()}`);
      process.stdout.write(`== ${title}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - startedMs) / 1000).toFixed(1)} s)\n`);
      resolve(ok);
    });
  });
}

/**
 * Two jest runs: everything in parallel, then the `*.serial.int-spec.ts` files one at a time
 * with nothing else running. Those measure latency under load (admission at three times
 * capacity, say), which other test files competing for the same cores would distort, or start
 * so many processes (a 16 + 16 simulated cluster) that they would distort the others.
 */
const SERIAL = '\\.serial\\.int-spec\\.ts$';

async function main() {
  // The type check and the lint each keep one core busy for most of a minute: side by side, on the
  // two cores the suite is sized for, they take about the longer one's time rather than both. The
  // lint runs longer; the parallel jest run starts once the type check is done, on the core it frees.
  // The module-boundary rule reads Nx's project graph; build it first so the rule cannot be skipped.
  process.stdout.write('\n== type check and lint, side by side; the parallel jest run starts after the type check\n');
  const linted = quietStep('project graph', bin('nx'), ['show', 'projects']).then((graphed) => graphed && quietStep('lint', bin('eslint'), ['--max-warnings', '0', '.']));
  count(await quietStep('type check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']));
  // The instances each run starts keep the engine timings they measure (see jest.config.js), measured
  // afresh in each run. Timings measured while other test files loaded the cores would misstate the
  // engine to the serial files, which measure latency on an otherwise idle machine: they keep their own.
  const timingsCache = path.join(root, 'node_modules', '.cache', 'tsukimi-engine-timings');
  const serialTimings = `${timingsCache}-serial`;
  for (const dir of [timingsCache, serialTimings]) fs.rmSync(dir, { recursive: true, force: true });
  // Narrowed to serial files only, the first run has nothing to run, and that is no failure.
  await jestRun('jest', ['--testPathIgnorePatterns', SERIAL, ...(extraJestArgs.length > 0 ? ['--passWithNoTests'] : [])]);
  count(await linted);
  const serial = serialSelection();
  if (serial === undefined) process.stdout.write('\n== jest (serial): no serial file among those asked for\n');
  else await jestRun('jest (serial: timing under load)', ['--runInBand', ...serial], { TSUKIMI_PREFILL_ENGINE_TIMINGS_CACHE: serialTimings, TSUKIMI_DECODE_ENGINE_TIMINGS_CACHE: serialTimings }, []);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

/**
 * The serial run's selection: every serial file, or, when `npm test -- <args>` narrowed the run,
 * the serial files among those the arguments select, by path (given the arguments and a pattern of
 * its own, jest would run what either selects); undefined when none is.
 */
function serialSelection() {
  if (extraJestArgs.length === 0) return ['--testPathPatterns', SERIAL];
  const listed = spawnSync(bin('jest'), [...extraJestArgs, '--listTests', '--json'], { cwd: root, encoding: 'utf8' });
  const files = listed.status === 0 ? JSON.parse(listed.stdout).filter((file) => new RegExp(SERIAL).test(file)) : [];
  return files.length === 0 ? undefined : ['--runTestsByPath', ...files];
}

/** One jest run; `extra` (the command line's own arguments unless given) goes first. */
async function jestRun(title, args, env = {}, extra = extraJestArgs) {
  fs.rmSync(resultsFile, { force: true });
  // Extra arguments (`npm test -- some/path`) go first: after an array option such as
  // --testPathIgnorePatterns jest would read a path as one more pattern of that option.
  await step(title, bin('jest'), [...extra, '--json', `--outputFile=${resultsFile}`, ...args], env);
  if (!fs.existsSync(resultsFile)) {
    failed++;
    process.stdout.write(`${title} produced no results\n`);
    return;
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + results.numPendingTests + results.numTodoTests;
  for (const file of results.testResults) {
    const ranNothing = file.assertionResults.length === 0;
    if (ranNothing || (file.status === 'failed' && file.assertionResults.every((a) => a.status !== 'failed'))) {
      failed++;
      process.stdout.write(`file failed to run: ${path.relative(root, file.name)}\n`);
    }
  }
  printSlowest(title, results.testResults);
}

const SLOWEST_SHOWN = 10;

/**
 * The run's slowest files, with their seconds: the suite has a time budget (15 minutes on two
 * cores) that every added test spends, and these are where it goes.
 */
function printSlowest(title, files) {
  // A file that failed to run may carry no times: it counts as none.
  const timed = files.map((file) => ({ name: path.relative(root, file.name), seconds: Math.max(0, (file.endTime - file.startTime) / 1000 || 0) }));
  const total = timed.reduce((sum, file) => sum + file.seconds, 0);
  process.stdout.write(`${title}: ${timed.length} files, ${total.toFixed(0)} s in all; the slowest:\n`);
  for (const file of timed.sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST_SHOWN)) {
    process.stdout.write(`${file.seconds.toFixed(1).padStart(7)} s  ${file.name}\n`);
  }
}

void main();
