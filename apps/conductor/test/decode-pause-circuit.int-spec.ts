import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';
import { type Sent, SteadyLoad } from './steady-load';
import { until } from '@tsukimi/service-kit/testing';

const MAX_TOKENS = 96;
const PROMPTS = Array.from({ length: 4 }, (_, i) => text(96, 300 + i));
/**
 * Short bounds, so that the pause shows within seconds, yet far past a healthy stream's gaps
 * (milliseconds) on a loaded machine: a stream stalls after 2 s without a token, a first token
 * may take 6 s, the first stall opens the circuit (however many streams the pause caught), and an
 * open circuit is tried again after 2 s.
 */
const CONDUCTOR_ARGS = ['--decode-stall-timeout-ms', '2000', '--decode-idle-timeout-ms', '6000', '--circuit-consecutive-timeouts', '1', '--circuit-cool-down-ms', '2000'];
const ACTIVE = 'tsukimi_instance_active_sequences{role="decode"}';
/** Load phases, counted in `SteadyLoad.stops`: sent before the pause, after it, while paused with its circuit open, after the resume, after the circuit closed. */
const PAUSED = 1;
const OPEN = 2;
const RESUMED = 3;
const CLOSED = 4;

interface Migrated {
  readonly decode_migrations?: readonly { readonly from_instance: string }[];
}

describe('a decode instance paused (SIGSTOP) under load, then resumed', () => {
  let cluster: ClusterUnderTest;

  beforeAll(async () => {
    // Probes a loaded machine does not time out: only the pause takes an instance out of the routing set.
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 2, conductorArgs: CONDUCTOR_ARGS, probeTimeoutMs: 2_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('its streams stall and migrate with the same tokens, its circuit opens and nothing new reaches it; resumed, a half-open probe closes it and it serves again', async () => {
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
    const reference = await Promise.all(
      PROMPTS.map(async (prompt) => {
        const body = { model: cluster.modelId, prompt, max_tokens: MAX_TOKENS, temperature: 0, ignore_eos: true };
        return (await client.completions.create(body as OpenAI.CompletionCreateParamsNonStreaming)).choices[0]!.text;
      }),
    );
    const paused = cluster.decode[0]!;
    const labels = `instance="127.0.0.1:${paused.grpcPort}",role="decode"`;
    const state = `tsukimi_conductor_instance_circuit_state{${labels}}`;
    const moves = (outcome: string, reason: string) => cluster.metric(cluster.conductor, `tsukimi_conductor_circuit_transitions_total{${labels},outcome="${outcome}",reason="${reason}"}`);
    const ranOnPaused = (s: Sent) => s.provenance?.decode_instance === 'decode-0' || ((s.provenance as Migrated | undefined)?.decode_migrations ?? []).some((m) => m.from_instance === 'decode-0');

    const load = SteadyLoad.on(cluster, { maxTokens: MAX_TOKENS, prompt: (id) => ({ index: id % PROMPTS.length, text: PROMPTS[id % PROMPTS.length]! }) });
    let stopped = false;
    try {
      await until('requests served before the pause', () => load.succeededSince(0) >= 4);
      // Paused holding streams of its own: they stall, and a stall opens its circuit.
      await cluster.waitForMetric(paused, ACTIVE, (n) => n >= 2);
      paused.signal('SIGSTOP');
      stopped = true;
      load.stops = PAUSED;
      await cluster.waitForMetric(cluster.conductor, state, (s) => s === 2);
      load.stops = OPEN;
      // Still paused past its cool-down: the half-open circuit's trial, a probe, fails and it opens again.
      await until('a half-open probe of the paused instance failed', async () => (await moves('open', 'trial-failed')) >= 1, 20_000);
      await until('requests served while its circuit is open', () => load.succeededSince(OPEN) >= 6);
      load.stops = RESUMED;
      paused.signal('SIGCONT');
      stopped = false;
      await cluster.waitForMetric(cluster.conductor, state, (s) => s === 0);
      load.stops = CLOSED;
      await until('a request served by the resumed instance', () => load.sent.some((s) => s.stopsBefore === CLOSED && !load.inFlight.has(s) && s.provenance?.decode_instance === 'decode-0'));
    } finally {
      if (stopped) paused.signal('SIGCONT');
      await load.stop();
    }

    expect(load.sent.filter((s) => load.unfinished(s))).toEqual([]);
    expect(load.sent.filter((s) => s.text !== reference[s.promptIndex]).map((s) => s.id)).toEqual([]);
    // Its streams at the pause moved to the other instance: migrated from their tokens so far, or run
    // again there when the pause caught them before their first token (a gauge read just before the
    // pause cannot say which); while its circuit was open, no request went to it.
    const migrated = await cluster.metric(cluster.conductor, 'tsukimi_conductor_decode_migrations_total{outcome="migrated"}');
    const retried = await cluster.metric(cluster.conductor, 'tsukimi_conductor_phase_retries_total{role="decode",reason="timeout"}');
    expect(migrated + retried).toBeGreaterThan(0);
    expect(load.sent.reduce((n, s) => n + ((s.provenance as Migrated | undefined)?.decode_migrations ?? []).length, 0)).toBe(migrated);
    expect(load.sent.filter((s) => s.stopsBefore === OPEN && ranOnPaused(s)).map((s) => ({ id: s.id, provenance: s.provenance }))).toEqual([]);
    expect(await moves('open', 'timeouts')).toBe(1);
    expect(await moves('half-open', 'cool-down')).toBeGreaterThanOrEqual(2);
    expect(await moves('closed', 'trial-succeeded')).toBe(1);
    // The other instance's circuit never moved.
    expect(await cluster.metric(cluster.conductor, `tsukimi_conductor_instance_circuit_state{instance="127.0.0.1:${cluster.decode[1]!.grpcPort}",role="decode"}`)).toBe(0);
  }, 60_000);
});
