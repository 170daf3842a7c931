import * as path from 'node:path';
import OpenAI from 'openai';
import { freePort, sampleValue } from '@tsukimi/service-kit/testing';
import { scrapeMetrics, upEachTest } from './up.process.testing';

const INSTANCES = 8;
const PER_PROCESS = 4;
const READY_TIMEOUT_MS = 120_000;
/** Rounds of concurrent requests, at most, until two instances of one process have each served one. */
const MAX_ROUNDS = 10;

interface ReadyLine {
  readonly pid: number;
  readonly httpPort: number;
}

/** `<name> ready pid <pid> <host> http <port> …` lines of `tsukimi up`, by name. */
function readyLines(lines: readonly string[]): Map<string, ReadyLine> {
  const ready = new Map<string, ReadyLine>();
  for (const line of lines) {
    const match = /^(\S+)\s+ready\s+pid (\d+)\s+\S+\s+http (\d+)/.exec(line);
    if (match) ready.set(match[1]!, { pid: Number(match[2]), httpPort: Number(match[3]) });
  }
  return ready;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The instances of `role` that served, grouped by the process hosting them. */
function servedByProcess(served: ReadonlySet<string>, ready: ReadonlyMap<string, ReadyLine>): Map<number, string[]> {
  const byPid = new Map<number, string[]>();
  for (const id of served) {
    const pid = ready.get(id)!.pid;
    byPid.set(pid, [...(byPid.get(pid) ?? []), id].sort());
  }
  return byPid;
}

describe('tsukimi up --engine simulated --instances-per-process', () => {
  const up = upEachTest('tsukimi-up-hosted-');

  it(
    `hosts ${INSTANCES} prefill and ${INSTANCES} decode instances ${PER_PROCESS} to a process, each its own instance to the conductor and to /metrics, and stops them all on SIGTERM with exit 0`,
    async () => {
      const port = await freePort();
      const args = ['--engine', 'simulated', '--prefill', String(INSTANCES), '--decode', String(INSTANCES), '--instances-per-process', String(PER_PROCESS)];
      // Round-robin on both roles, through the conductor's own environment keys: every round of
      // 2 × INSTANCES requests reaches every instance, so hosted neighbours serve whatever the timing.
      const roundRobin = { TSUKIMI_CONDUCTOR_POLICY: 'round-robin', TSUKIMI_CONDUCTOR_DECODE_POLICY: 'round-robin' };
      const cluster = up.start([...args, '--disaggregation', 'always', '--simulated-time-scale', '0.01', '--port', String(port), '--ready-timeout-ms', String(READY_TIMEOUT_MS), '--log-dir', path.join(up.dir(), 'logs')], roundRobin);
      await cluster.waitForLine('ready', READY_TIMEOUT_MS);

      const ready = readyLines(cluster.lines);
      const ids = (role: string) => Array.from({ length: INSTANCES }, (_, i) => `${role}-${i}`);
      expect([...ready.keys()].sort()).toEqual(['conductor', ...ids('decode'), 'kvpool-0', ...ids('prefill')].sort());
      const pidsOf = (names: readonly string[]) => new Set(names.map((name) => ready.get(name)!.pid));
      expect([pidsOf(ids('prefill')).size, pidsOf(ids('decode')).size]).toEqual([INSTANCES / PER_PROCESS, INSTANCES / PER_PROCESS]);
      expect(new Set([...ready.values()].map((r) => r.httpPort)).size).toBe(ready.size);

      const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
      const served = { prefill: new Map<string, number>(), decode: new Map<string, number>() };
      const twoInOneProcess = (role: 'prefill' | 'decode') => [...servedByProcess(new Set(served[role].keys()), ready).values()].some((group) => group.length >= 2);
      for (let round = 0; round < MAX_ROUNDS && !(twoInOneProcess('prefill') && twoInOneProcess('decode')); round++) {
        const completions = await Promise.all(
          Array.from({ length: 2 * INSTANCES }, (_, i) => client.completions.create({ model: 'LLaMA3-70B', prompt: `r${round} q${i} hello`, max_tokens: 2, temperature: 0 })),
        );
        for (const completion of completions) {
          const provenance = (completion.usage as unknown as { tsukimi: { prefill_instance: string; decode_instance: string } }).tsukimi;
          served.prefill.set(provenance.prefill_instance, (served.prefill.get(provenance.prefill_instance) ?? 0) + 1);
          served.decode.set(provenance.decode_instance, (served.decode.get(provenance.decode_instance) ?? 0) + 1);
        }
      }
      expect([twoInOneProcess('prefill'), twoInOneProcess('decode')]).toEqual([true, true]);

      // Each instance counts its own requests in its own registry: exactly those the conductor sent it.
      const counted = async (role: 'prefill' | 'decode', id: string) => {
        const text = await scrapeMetrics(ready.get(id)!.httpPort, path.join(up.dir(), 'logs'));
        return sampleValue(text, `tsukimi_instance_${role}_requests_total`) ?? 0;
      };
      for (const role of ['prefill', 'decode'] as const) {
        const perInstance = await Promise.all(ids(role).map(async (id) => [id, await counted(role, id)] as const));
        expect(perInstance).toEqual(ids(role).map((id) => [id, served[role].get(id) ?? 0]));
      }

      const hostPids = [...pidsOf([...ids('prefill'), ...ids('decode')])];
      cluster.child.kill('SIGTERM');
      expect(await cluster.exitCode(60_000)).toBe(0);
      const stopped = cluster.lines.filter((line) => /^(prefill|decode)-host-\d+\s+stopped/.test(line));
      expect(stopped.map((line) => line.replace(/\s+/, ' ')).sort()).toEqual(
        ['decode-host-0', 'decode-host-1', 'prefill-host-0', 'prefill-host-1'].map((name) => `${name} stopped (exit code 0)`),
      );
      expect(hostPids.filter(alive)).toEqual([]);
    },
    READY_TIMEOUT_MS + 120_000,
  );
});
