import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { httpGet, ServiceProcess } from '@tsukimi/service-kit/testing';
import { runBench } from '../lib/bench-main';
import { median, nowMs, progress, round } from '../lib/bench-stats';
import { processCpuSeconds } from '../lib/process-cpu';
import { processRssBytes } from '../pool/process-memory';
import { startupArgs } from './startup.args';
import { SERVICE_ARGS, type StartupSide, startupSides } from './startup.sides';

const ROOT = path.resolve(__dirname, '../..');
const READY_TIMEOUT_MS = 30_000;

/**
 * `tsukimi bench startup [--json] [--rounds N]`: an empty kvpool started from the build's
 * JavaScript against started through the TypeScript hook (compile cache warm, and off), `--rounds`
 * (default 5) rounds, the order of the sides rotating each round. Per start: milliseconds from
 * spawn to the first 200 from `/readyz`, the CPU the process used until then (less disturbed by
 * other load on the machine than the wall time), and its RSS then.
 */
type Sample = { readyMs: number; cpuMs: number; rssMiB: number };

async function startToReady(side: StartupSide): Promise<Sample> {
  const startedMs = nowMs();
  const service = await ServiceProcess.start({ entry: side.entry, args: SERVICE_ARGS, env: { ...process.env, ...side.env }, startTimeoutMs: READY_TIMEOUT_MS });
  try {
    const deadline = startedMs + READY_TIMEOUT_MS;
    while ((await httpGet(service.httpPort, '/readyz')).status !== 200) {
      if (nowMs() > deadline) throw new Error(`${side.name}: not ready in ${READY_TIMEOUT_MS} ms`);
    }
    const readyMs = nowMs() - startedMs;
    const pid = service.child.pid!;
    return { readyMs, cpuMs: processCpuSeconds(pid)! * 1000, rssMiB: processRssBytes(pid) / 2 ** 20 };
  } finally {
    service.signal('SIGTERM');
    await service.waitForExit();
  }
}

async function main({ rounds }: { readonly rounds: number }): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-startup-'));
  try {
    const loadBefore = os.loadavg();
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build/build.js'), '--out', out], { cwd: ROOT });
    const sides = startupSides(ROOT, out);
    // One start each, unmeasured: fills the hook's cache and the page cache for every side alike.
    for (const side of sides) await startToReady(side);
    const samples = new Map(sides.map((side) => [side.name, { readyMs: [] as number[], cpuMs: [] as number[], rssMiB: [] as number[] }]));
    for (let round_ = 0; round_ < rounds; round_++) {
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(round_ + i) % sides.length]!;
        const sample = await startToReady(side);
        const kept = samples.get(side.name)!;
        for (const field of ['readyMs', 'cpuMs', 'rssMiB'] as const) kept[field].push(sample[field]);
        progress(`round ${round_ + 1} ${side.name}: ready in ${sample.readyMs.toFixed(0)} ms, ${sample.cpuMs.toFixed(0)} ms CPU, RSS ${sample.rssMiB.toFixed(1)} MiB`);
      }
    }
    const med = (name: StartupSide['name'], field: keyof Sample) => median(samples.get(name)![field]);
    const ratios = (other: StartupSide['name']) => ({
      [`ready_ratio_compiled_over_${other}`]: round(med('compiled', 'readyMs') / med(other, 'readyMs')),
      [`cpu_ratio_compiled_over_${other}`]: round(med('compiled', 'cpuMs') / med(other, 'cpuMs')),
      [`rss_ratio_compiled_over_${other}`]: round(med('compiled', 'rssMiB') / med(other, 'rssMiB')),
    });
    const result = {
      rounds,
      load_average_before: loadBefore.map((l) => round(l, 2)),
      load_average_after: os.loadavg().map((l) => round(l, 2)),
      ...Object.fromEntries(
        sides.flatMap((side) => [
          [`ready_ms_${side.name}`, round(med(side.name, 'readyMs'), 0)],
          [`cpu_ms_${side.name}`, round(med(side.name, 'cpuMs'), 0)],
          [`rss_mib_${side.name}`, round(med(side.name, 'rssMiB'), 1)],
        ]),
      ),
      ...ratios('registered'),
      ...ratios('registered_no_cache'),
      samples: Object.fromEntries(samples),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

runBench(startupArgs, main);
