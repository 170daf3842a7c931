import { expectOk } from '@tsukimi/result';
import { Planner } from './planner';
import { type ScaleDecision } from './planner.model';
import { compilePlannerOptions, DEFAULT_KVPOOL_SSD, DEFAULT_PLANNER_SHARES } from './planner.options';
import { ManualClock } from './testing/planner.fixtures';
import { SimulatedClusterProbe } from './testing/simulated-cluster.probe';

const FAST_TICK_MS = 5_000;
const SLOW_TICK_MS = 60_000;
const BOUNDS = { minReplicas: 1, maxReplicas: 8, scaleUpWindowMs: 30_000, scaleDownWindowMs: 120_000, scaleUpCooldownMs: 30_000, scaleDownCooldownMs: 60_000 };
const SLO = { ttftMs: 2000, tbtMs: 40 };
/** The load: 15 requests/s, a step to 75 at 5 min 10 s (between slow ticks), back to 15 at 10 min 10 s, until 20 minutes. */
const LOW_RPS = 15;
const HIGH_RPS = 75;
const STEP_UP_MS = 310_000;
const STEP_DOWN_MS = 610_000;
const END_MS = 1_200_000;

const rpsAt = (ms: number) => (ms >= STEP_UP_MS && ms < STEP_DOWN_MS ? HIGH_RPS : LOW_RPS);

/**
 * The acceptance: a load step up and then down, the planner fed what a running cluster
 * would measure (here read off timed-simulator replays of the same load with the planner's own
 * replica counts), and its replicas compared with what the simulator recommends for each level
 * (the fewest instances with which 90% of requests meet both SLOs).
 */
describe('Planner through a load step, driven by the simulator', () => {
  const probe = new SimulatedClusterProbe(SLO);
  const options = expectOk(
    compilePlannerOptions({ roles: { prefill: BOUNDS, decode: BOUNDS, kvpool: BOUNDS }, ttftSloMs: SLO.ttftMs, tbtSloMs: SLO.tbtMs, ...DEFAULT_PLANNER_SHARES, kvpoolSsd: DEFAULT_KVPOOL_SSD, targetUtilisation: 1 }),
    'options',
  );
  const changes: ScaleDecision[] = [];
  const trail: { ms: number; prefill: number; decode: number }[] = [];
  let recommended: { low: { prefill: number; decode: number }; high: { prefill: number; decode: number } };

  beforeAll(async () => {
    recommended = { low: await probe.recommend(LOW_RPS), high: await probe.recommend(HIGH_RPS) };
    const clock = new ManualClock();
    const planner = new Planner(options, clock, { decided: (d) => d.direction !== 'hold' && changes.push(d), kvpoolSsdDecided: () => undefined });
    let prefill = 1;
    let decode = 1;
    for (clock.ms = 0; clock.ms < END_MS; clock.advance(FAST_TICK_MS)) {
      const rps = rpsAt(clock.ms);
      if (clock.ms % SLOW_TICK_MS === 0) {
        const load = await probe.loadSignals(rps, prefill, decode);
        planner.slowTick({ load: { ...load, prefillReplicas: prefill, decodeReplicas: decode } });
        prefill = planner.desired('prefill') ?? prefill;
        decode = planner.desired('decode') ?? decode;
      }
      planner.fastTick(await probe.fastSignals(prefill, decode, rps));
      prefill = planner.desired('prefill') ?? prefill;
      decode = planner.desired('decode') ?? decode;
      trail.push({ ms: clock.ms, prefill, decode });
    }
  }, 120_000);

  const at = (ms: number) => trail.filter((t) => t.ms <= ms).at(-1)!;

  it('the simulator needs more of both pools at the high load (so the step means something)', () => {
    expect(recommended.high.prefill).toBeGreaterThan(recommended.low.prefill);
    expect(recommended.high.decode).toBeGreaterThan(recommended.low.decode);
  });

  it('before the step it holds at what the simulator recommends for the low load', () => {
    expect(changes.filter((d) => d.atMs < STEP_UP_MS)).toEqual([]);
    expect(at(STEP_UP_MS - 1)).toMatchObject(recommended.low);
  });

  it('after the step up it reaches the high recommendation within one slow period and the up cool-down, and goes no further', () => {
    const ups = changes.filter((d) => d.direction === 'up');
    expect(ups.length).toBeGreaterThan(0);
    for (const d of ups) {
      expect(d.atMs).toBeGreaterThanOrEqual(STEP_UP_MS);
      expect(d.atMs).toBeLessThanOrEqual(STEP_UP_MS + SLOW_TICK_MS + BOUNDS.scaleUpCooldownMs);
      expect(['ttft-queue', 'tbt-latency', 'kv-usage', 'capacity-plan']).toContain(d.reason);
    }
    expect(at(STEP_UP_MS + SLOW_TICK_MS + BOUNDS.scaleUpCooldownMs)).toMatchObject(recommended.high);
    expect(at(STEP_DOWN_MS - 1)).toMatchObject(recommended.high);
  });

  it('after the step down it steps back one replica per down window to the low recommendation', () => {
    const downs = changes.filter((d) => d.direction === 'down');
    for (const d of downs) {
      expect(d.atMs).toBeGreaterThanOrEqual(STEP_DOWN_MS + BOUNDS.scaleDownWindowMs);
      expect(d.desiredReplicas).toBe(d.currentReplicas - 1);
      expect(['prefill-idle', 'decode-idle']).toContain(d.reason);
    }
    for (const role of ['prefill', 'decode'] as const) {
      const times = downs.filter((d) => d.role === role).map((d) => d.atMs);
      expect(times).toHaveLength(recommended.high[role] - recommended.low[role]);
      times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(BOUNDS.scaleDownWindowMs));
    }
    const steps = Math.max(recommended.high.prefill - recommended.low.prefill, recommended.high.decode - recommended.low.decode);
    expect(at(STEP_DOWN_MS + SLOW_TICK_MS + steps * (BOUNDS.scaleDownWindowMs + FAST_TICK_MS))).toMatchObject(recommended.low);
    expect(at(END_MS)).toMatchObject(recommended.low);
  });

  it('at every level the replicas it settles on meet the SLOs in the simulator, and one fewer of either pool does not', async () => {
    for (const [rps, settled] of [[LOW_RPS, at(STEP_UP_MS - 1)], [HIGH_RPS, at(STEP_DOWN_MS - 1)]] as const) {
      expect(await probe.meetsSlo(settled.prefill, settled.decode, rps)).toBe(true);
      if (settled.prefill > 1) expect(await probe.meetsSlo(settled.prefill - 1, 12, rps)).toBe(false);
      if (settled.decode > 1) expect(await probe.meetsSlo(12, settled.decode - 1, rps)).toBe(false);
    }
  });
});
