import { type ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';
import { poolIndex } from './pool-index.readyz';
import { completionWithTokens } from './provenance.client';
import { type Sent, SteadyLoad } from './steady-load';

const BLOCK_SIZE_TOKENS = 16;
/** The prompt asked before each restart and again after it: its blocks are what the new conductor must know. */
const REPEATED = text(200, 7);
/** The length of the long streams: seconds of decoding, within the tiny model's context. */
const LONG_TOKENS = 1500;
/** Requests that must end, served, before a restart and after it. */
const SERVED = 8;
/** What a client sees while no conductor listens, or when the one it was talking to dies: a connection error, never a timeout. */
const CONNECTION_ERROR = /^APIConnectionError: Connection error\.$|^TypeError: terminated$/;
/** What a client sees when its request reached a conductor that had begun to drain: 503 `draining`, with `Connection: close`. */
const DRAINING = /^ServiceUnavailableError: 503 the service is shutting down$/;
/** What a client sees from a new conductor that listens but has not yet heard from all its instances (its /readyz says not ready). */
const NOT_READY = /^InternalServerError: 503 (no instance has described its model yet|Request rejected: no (prefill|decode) instance is available\.)$/;

/** Whether `s` failed as a restart may fail it: refused, after the stop and before the new conductor was ready; never a timeout, a 500 or a stream cut short by a live conductor. */
function refused(s: Sent, readyAtMs: number): boolean {
  const error = s.error ?? '';
  return CONNECTION_ERROR.test(error) || DRAINING.test(error) || (NOT_READY.test(error) && s.stopsBefore > 0 && (s.endedMs ?? Infinity) <= readyAtMs);
}

/** Requests in flight when the conductor was stopped that had streamed a token: those the stopped conductor was serving. */
function midStream(inFlight: readonly Sent[]): Sent[] {
  return inFlight.filter((s) => s.text.length > 0);
}

describe('the conductor restarted under load', () => {
  let cluster: ClusterUnderTest;
  let conductor: ServiceProcess;
  /** The repeated prompt's tokens and the index's block count, as the first conductor knew them. */
  let reference: number[];

  beforeAll(async () => {
    // Leases of a second, so that the pool's protections are seen to drain within the test; probes that a loaded machine does not time out.
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 2, kvpoolArgs: ['--dram-bytes', '64MiB', '--lease-ttl-ms', '1000'], probeTimeoutMs: 3_000 });
    conductor = cluster.conductor;
    reference = (await completionWithTokens(conductor, cluster.modelId, REPEATED, 8)).tokens;
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  /**
   * Stops the conductor with `signal` amid a steady load, starts a new one on its port, and waits
   * until it routes to every instance and holds the pool's blocks the old one knew. Answers what
   * was in flight at the stop and how long the new conductor took to be ready.
   */
  async function restartUnderLoad(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ load: SteadyLoad; inFlight: Sent[]; long: Sent; readyMs: number; readyAtMs: number }> {
    const load = SteadyLoad.on(cluster, { pauseAfterErrorMs: 100 });
    // Streams so long that the one streaming at the stop is still streaming when the signal lands.
    const long = SteadyLoad.on(cluster, { inFlight: 1, maxTokens: LONG_TOKENS, pauseAfterErrorMs: 100 });
    try {
      return { load, ...(await restartAmid(load, long, signal)) };
    } finally {
      await Promise.all([load.stop(), long.stop()]);
    }
  }

  async function restartAmid(load: SteadyLoad, long: SteadyLoad, signal: 'SIGTERM' | 'SIGKILL'): Promise<{ inFlight: Sent[]; long: Sent; readyMs: number; readyAtMs: number }> {
    await until('the repeated prompt\'s blocks in the index', async () => (await poolIndex(conductor)).blocks >= Math.floor(REPEATED.length / BLOCK_SIZE_TOKENS));
    await until('requests served before the restart', () => load.succeededSince(load.stops) >= SERVED);
    const known = (await poolIndex(conductor)).blocks;
    await until('a long request streaming', () => midStream([...long.inFlight]).length > 0);
    const inFlight = [...load.inFlight];
    const [streaming] = midStream([...long.inFlight]);
    load.stops++;
    long.stops++;
    conductor.signal(signal);
    expect(await conductor.waitForExit(20_000)).toEqual(signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' });
    const startedMs = performance.now();
    conductor = await cluster.conductorInPlace(conductor);
    await cluster.waitForRoutable({ prefill: 1, decode: 2 }, 30_000, conductor);
    await until('the pool index rebuilt', async () => {
      const index = await poolIndex(conductor);
      return index.inStep && index.blocks >= known;
    });
    const readyAtMs = performance.now();
    const readyMs = readyAtMs - startedMs;
    await until('requests served by the new conductor', () => load.succeededSince(load.stops) >= SERVED);
    return { inFlight, long: streaming!, readyMs, readyAtMs };
  }

  /** The repeated prompt through the new conductor: the same tokens, its prefix found in the pool's index rather than recomputed. */
  async function expectRepeatedPromptCached(): Promise<void> {
    const { tokens, provenance } = await completionWithTokens(conductor, cluster.modelId, REPEATED, 8);
    expect(tokens).toEqual(reference);
    expect(provenance.schedule?.branch).not.toBe('recompute');
    const { device, dram, ssd } = provenance.reused_tokens;
    expect(device + dram + ssd).toBeGreaterThanOrEqual(Math.floor(REPEATED.length / BLOCK_SIZE_TOKENS) * BLOCK_SIZE_TOKENS);
  }

  it('SIGTERM: requests in flight finish, the new conductor rebuilds the pool index and serves within seconds', async () => {
    const { load, ...restart } = await restartUnderLoad('SIGTERM');

    expect(restart.long).toMatchObject({ finishReason: 'length', tokens: LONG_TOKENS });
    expect(midStream(restart.inFlight).filter((s) => load.unfinished(s))).toEqual([]);
    // Only requests that met the drain or no conductor listening fail, and only as refused.
    expect(load.sent.filter((s) => load.unfinished(s) && !refused(s, restart.readyAtMs))).toEqual([]);
    expect(restart.readyMs).toBeLessThan(30_000);
    await expectRepeatedPromptCached();
  }, 120_000);

  it('SIGKILL: requests in flight end in connection errors, none hangs, the instances and the pool are left idle', async () => {
    const { load, ...restart } = await restartUnderLoad('SIGKILL');

    // Every request ended (the client's 30 s timeout would have named a hang); a stream cut by the kill is a connection error.
    expect(restart.long.error).toMatch(CONNECTION_ERROR);
    // A short stream may have had its last bytes on the wire before the kill landed: it ends whole or as a connection error.
    expect(midStream(restart.inFlight).filter((s) => load.unfinished(s) && !CONNECTION_ERROR.test(s.error ?? ''))).toEqual([]);
    expect(load.sent.filter((s) => load.unfinished(s) && !refused(s, restart.readyAtMs))).toEqual([]);
    expect(load.sent.filter((s) => load.unfinished(s) && s.stopsBefore === 0 && !restart.inFlight.includes(s))).toEqual([]);
    expect(restart.readyMs).toBeLessThan(30_000);

    // The killed conductor's streams are cancelled on the instances, and no lease or pin outlives them.
    for (const [role, instances] of [['prefill', cluster.prefill], ['decode', cluster.decode]] as const) {
      for (const instance of instances) await cluster.waitForMetric(instance, `tsukimi_instance_active_sequences{role="${role}"}`, (n) => n === 0);
    }
    for (const gauge of ['tsukimi_kvpool_leased_blocks', 'tsukimi_kvpool_soft_pinned_blocks', 'tsukimi_kvpool_hard_pinned_blocks']) {
      await cluster.waitForMetric(cluster.kvpool, gauge, (n) => n === 0);
    }
    await expectRepeatedPromptCached();
  }, 120_000);
});
