import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const program = `
  const { defineSchema, field, loadConfigOrExit } = require(${JSON.stringify(join(__dirname, 'index.ts'))});
  const schema = defineSchema({ port: field.int({ min: 1, default: 8080, description: 'HTTP port' }) });
  const config = loadConfigOrExit(schema, { prefix: 'TSUKIMI_EDGE', command: 'edge' });
  process.stdout.write(JSON.stringify(config));
`;

let dir: string;
let script: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsukimi-config-edge-'));
  script = join(dir, 'edge.js');
  writeFileSync(script, program);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runEdge(args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['-r', './tools/runtime/register.js', script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('loadConfigOrExit in a real process', () => {
  it('returns the configuration from argv and the environment', () => {
    const run = runEdge([], { TSUKIMI_EDGE_PORT: '9001' });
    expect([run.status, run.stdout]).toEqual([0, '{"port":9001}']);
  });

  it('prints one line per error to stderr and exits 2', () => {
    const run = runEdge(['--port=0', '--nope']);
    expect([run.status, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'invalid config: --nope: unknown key\ninvalid config: --port: expected an integer >= 1, got "0"\n',
    ]);
  });

  it('prints help to stdout and exits 0', () => {
    const run = runEdge(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--port <int>');
  });
});
