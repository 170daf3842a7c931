'use strict';
/**
 * The system binaries the test suite starts (a real Redis, a real Prometheus). `npm test`
 * installs the missing ones with apt-get when it can (root, or passwordless sudo, on a
 * Debian-like machine); otherwise it stops at once with one line saying how.
 */
const { spawnSync } = require('node:child_process');

/** Binary on PATH → the Debian package that provides it. */
const REQUIRED = [
  { binary: 'redis-server', pkg: 'redis-server' },
  { binary: 'prometheus', pkg: 'prometheus' },
  { binary: 'promtool', pkg: 'prometheus' },
];

function onPath(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

function missingPackages() {
  return [...new Set(REQUIRED.filter((r) => !onPath(r.binary)).map((r) => r.pkg))];
}

function privilegePrefix() {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function run(argv, env) {
  const [command, ...args] = argv;
  return spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } }).status === 0;
}

/**
 * Makes every required binary available. Returns undefined when all are there, else the one
 * line to print before stopping.
 */
function ensureSystemPackages(log) {
  const missing = missingPackages();
  if (missing.length === 0) return undefined;
  const how = `install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  const prefix = privilegePrefix();
  if (!onPath('apt-get') || prefix === undefined) return `npm test needs ${missing.join(', ')}; ${how}`;
  log(`installing system packages the tests start: ${missing.join(' ')}\n`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const installed =
    run([...prefix, 'apt-get', 'update', '-qq'], env) &&
    run([...prefix, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing], env);
  const still = missingPackages();
  if (!installed || still.length > 0) return `npm test needs ${still.join(', ') || missing.join(', ')} and apt-get could not install them; ${how}`;
  return undefined;
}

module.exports = { ensureSystemPackages };
