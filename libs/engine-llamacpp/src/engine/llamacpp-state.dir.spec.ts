import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStateDir, sweepDeadStateDirs } from './llamacpp-state.dir';

describe('llama.cpp state directories', () => {
  let parent: string;
  beforeEach(() => (parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-state-parent-'))));
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  /** The id of a process that has run and exited. */
  const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

  const dirOf = (name: string): string => {
    fs.mkdirSync(path.join(parent, name));
    fs.writeFileSync(path.join(parent, name, 'context-0-slot-0.state'), 'saved');
    return name;
  };

  it('makes a directory named for this process', async () => {
    const dir = await makeStateDir(parent);
    expect(path.basename(dir)).toMatch(new RegExp(`^tsukimi-llamacpp-${process.pid}-`));
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it('removes the directories of processes that no longer run, and keeps the rest', async () => {
    const mine = path.basename(await makeStateDir(parent));
    const dead = dirOf(`tsukimi-llamacpp-${deadPid()}-abc123`);
    const parentProcess = dirOf(`tsukimi-llamacpp-${process.ppid}-ghi789`);
    const unnamed = dirOf('tsukimi-llamacpp-xyz');
    const other = dirOf('something-else-1');
    expect(await sweepDeadStateDirs(parent)).toBe(1);
    expect(fs.readdirSync(parent).sort()).toEqual([mine, parentProcess, unnamed, other].sort());
    expect(fs.existsSync(path.join(parent, dead))).toBe(false);
  });

  it('removes a directory named for this process that this process did not make: a former holder of the id (a restarted container)', async () => {
    dirOf(`tsukimi-llamacpp-${process.pid}-def456`);
    expect(await sweepDeadStateDirs(parent)).toBe(1);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('sweeps before making its own', async () => {
    dirOf(`tsukimi-llamacpp-${deadPid()}-abc123`);
    const dir = await makeStateDir(parent);
    expect(fs.readdirSync(parent)).toEqual([path.basename(dir)]);
  });

  it('answers 0 for a parent that cannot be read', async () => {
    expect(await sweepDeadStateDirs(path.join(parent, 'missing'))).toBe(0);
  });
});
