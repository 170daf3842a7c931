import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { round } from '../lib/bench-stats';
import { benchBlocks, benchKey } from './bench-blocks';
import { startBenchChild } from './bench-child';
import { type ExitCleanup } from './bench-cleanup';
import { blockServerArgv } from './block-server.args';
import { cpuSecondsPerGb, describeRound, gcPauseShare, medianGbps, pairedRatio, runInterleaved } from './interleaved.rounds';
import { MemoryCopyClient } from './memory-copy.client';
import { OursClient } from './ours.client';
import { transferPlan } from './transfer.plan';

export interface SameHostOptions {
  readonly payloadBytes: number;
  readonly count: number;
  readonly label: string;
  /** Keys per request; the plan's default (about 4 MiB) when absent. */
  readonly batchKeys?: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly timeoutMs: number;
  readonly log: (message: string) => void;
}

/** A directory on a RAM-backed filesystem (/dev/shm) where there is one; the JSON says which. */
function segmentRoot(): { readonly dir: string; readonly medium: 'dev-shm' | 'tmpdir' } {
  const shm = existsSync('/dev/shm');
  return { dir: mkdtempSync(join(shm ? '/dev/shm' : tmpdir(), 'tsukimi-bench-segment-')), medium: shm ? 'dev-shm' : 'tmpdir' };
}

/**
 * A node on this host serving the same blocks two ways: from its shared segment (`same-host`,
 * SameHostTransport) and over loopback tcp (`tcp`, the same server process), against copying
 * the same number of blocks of the same size once each in this process (`copy`, the limit).
 */
export async function measureSameHost(cleanup: ExitCleanup, options: SameHostOptions): Promise<Record<string, number | string | null>> {
  const { dir, medium } = segmentRoot();
  const forget = cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  const plan = transferPlan(options.payloadBytes, options.batchKeys);
  const keys = Array.from({ length: options.count }, (_, i) => benchKey(i));
  const blocks = benchBlocks(options.payloadBytes, options.count);
  const totalBytes = blocks.reduce((sum, block) => sum + block.bytes.length, 0);
  const server = await startBenchChild(cleanup, 'ours.server.ts', [...blockServerArgv(options.payloadBytes, options.count), '--segment-dir', dir]);
  const sameHost = new OursClient(server.port, plan, { hostId: hostname(), dir });
  const tcp = new OursClient(server.port, plan);
  const copy = new MemoryCopyClient(blocks, plan);
  const label = options.label;
  try {
    const result = await runInterleaved(
      [
        { name: 'same-host', pids: [server.pid], run: () => sameHost.readAll(keys, options.timeoutMs) },
        { name: 'tcp', pids: [server.pid], run: () => tcp.readAll(keys, options.timeoutMs) },
        { name: 'copy', pids: [], run: () => copy.copyAll() },
      ],
      {
        warmup: options.warmup,
        rounds: options.rounds,
        expectedBytes: totalBytes,
        onRound: (done, total, warm, gbps) => options.log(`same-host ${label}: round ${done}/${total}${warm ? ' (warm-up)' : ''}: ${describeRound(gbps)} GB/s`),
      },
    );
    const fellBack = sameHost.sameHostStats()?.blocksFallenBack ?? 0;
    if (fellBack > 0) throw new Error(`same-host read ${fellBack} blocks over tcp: the segment was not used`);
    const rounded = (value: number | null): number | null => (value === null ? null : round(value, 3));
    const report: Record<string, number | string | null> = { same_host_segment_medium: medium };
    for (const name of ['same-host', 'tcp', 'copy']) report[`gbps_${name.replace('-', '_')}_${label}`] = rounded(medianGbps(result, name, totalBytes));
    report[`ratio_same_host_over_copy_${label}`] = rounded(pairedRatio(result, 'same-host', 'copy'));
    report[`ratio_same_host_over_tcp_${label}`] = rounded(pairedRatio(result, 'same-host', 'tcp'));
    for (const name of ['same-host', 'tcp', 'copy']) report[`cpu_s_per_gb_${name.replace('-', '_')}_${label}`] = rounded(cpuSecondsPerGb(result, name, totalBytes));
    options.log(`same-host ${label}: ${Object.entries(report).map(([key, value]) => `${key} ${value}`).join(', ')}`);
    options.log(`same-host ${label}: share of wall time in GC pauses: ${['same-host', 'tcp', 'copy'].map((name) => `${name} ${rounded(gcPauseShare(result, name))}`).join(', ')}`);
    return report;
  } finally {
    await sameHost.close();
    await tcp.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    forget();
  }
}
