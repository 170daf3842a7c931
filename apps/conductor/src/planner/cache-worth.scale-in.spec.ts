import { type InstanceFacts, InstanceRegistry } from '@tsukimi/conductor';
import { type PlannerMode, type PoolReadStatsPort } from '@tsukimi/planner';
import { err, ok } from '@tsukimi/result';
import { type BlockKey, blockKeyFromU64 } from '@tsukimi/kv-block';
import { instanceId } from '@tsukimi/scheduler';
import { Metrics } from '@tsukimi/service-kit';
import { RecordingLogger } from '@tsukimi/telemetry';
import { Registry } from 'prom-client';
import { CacheWorthScaleIn } from './cache-worth.scale-in';
import { type PodDeletionCostPort } from './pod-deletion-cost.port';

const keys: BlockKey[] = Array.from({ length: 6 }, (_, i) => blockKeyFromU64(BigInt(i + 1)));
const [a, b, d] = [instanceId('10.0.0.1:50061'), instanceId('10.0.0.2:50061'), instanceId('10.0.0.3:50061')];
const pods = new Map([[a, 'prefill-a'], [b, 'prefill-b'], [d, 'decode-d']]);

/** Prefill a holds 3 blocks only it has, b 1; decode d none. */
function setUp(mode: PlannerMode, withCosts: boolean, hits?: PoolReadStatsPort) {
  const registry = new InstanceRegistry();
  registry.add(a, 'prefill');
  registry.add(b, 'prefill');
  registry.add(d, 'decode');
  registry.index.reportDevice(a, keys.slice(0, 3));
  registry.index.reportDevice(b, [keys[3]!]);
  const marked: (readonly string[])[] = [];
  const steps: string[] = [];
  const podCosts: PodDeletionCostPort = { mark: async (p) => (marked.push(p), steps.push(`marked ${p.join(',')}`), ok(undefined)) };
  const drains = { drainAll: async (role: string, victims: readonly string[]) => void steps.push(`drained ${role} ${victims.join(',')}`) };
  const metrics = new Registry();
  const logger = new RecordingLogger();
  const scaleIn = new CacheWorthScaleIn({ registry, mode, podNameOf: (id) => pods.get(id), podCosts: withCosts ? podCosts : undefined, drains: withCosts ? drains : undefined, hits, metrics: new Metrics(metrics), logger });
  const counted = async () => (await metrics.getSingleMetric('tsukimi_planner_scale_in_victims_total')?.get())?.values.map((v) => [v.labels, v.value]);
  return { scaleIn, registry, marked, steps, logger, counted };
}

describe('CacheWorthScaleIn', () => {
  it('scale mode: picks the role\'s instance with the least sole cache, counts and logs it, marks its pod', async () => {
    const { scaleIn, marked, logger, counted } = setUp('scale', true);
    const victims = await scaleIn.pickVictims('prefill', 1);
    expect(victims).toEqual([b]);
    await scaleIn.prepare('prefill', victims);
    expect(marked).toEqual([['prefill-b']]);
    expect(await counted()).toEqual([[{ role: 'prefill', mode: 'scale' }, 1]]);
    expect(logger.records).toContainEqual(expect.objectContaining({ message: 'planner scale-in victim', fields: expect.objectContaining({ instance: b, pod: 'prefill-b', soleBlocks: 1 }) }));
  });

  it('scale mode: drains the victims once their pods are marked, before prepare returns (and so before the replicas are lowered)', async () => {
    const { scaleIn, steps } = setUp('scale', true);
    await scaleIn.prepare('prefill', await scaleIn.pickVictims('prefill', 1));
    expect(steps).toEqual(['marked prefill-b', `drained prefill ${b}`]);
    await scaleIn.prepare('kvpool', []);
    expect(steps).toHaveLength(2);
  });

  it('dry-run: reports the victim and touches no pod', async () => {
    const { scaleIn, marked, counted } = setUp('dry-run', false);
    expect(await scaleIn.pickVictims('prefill', 2)).toEqual([b, a]);
    await scaleIn.prepare('prefill', [b, a]);
    expect(marked).toEqual([]);
    expect(await counted()).toEqual([[{ role: 'prefill', mode: 'dry-run' }, 2]]);
  });

  it.each<['prefill' | 'decode' | 'kvpool', number, string[]]>([
    ['decode', 1, [d]],
    ['kvpool', 1, []],
    ['prefill', 0, []],
  ])('%s, %d: only that role\'s instances', async (role, count, expected) => {
    expect(await setUp('scale', true).scaleIn.pickVictims(role, count)).toEqual(expected);
  });

  /** The master's decayed hits: b's one sole block is hot, a's three are cold. */
  const masterHits = (hitsByKey: ReadonlyMap<string, number>): PoolReadStatsPort => ({
    read: async (asked) => ok({ reuseDistances: { sampleRate: 0, coldReads: 0, counts: [] }, hits: asked.map((k) => hitsByKey.get(k) ?? 0), meanBlockBytes: 0, storageNodes: 0, dramBytesPerNode: 0, ssdBytesPerNode: 0 }),
  });

  it('weighs sole blocks by the master\'s hits: b\'s one hot block outweighs a\'s three cold ones, so a goes', async () => {
    const { scaleIn, logger } = setUp('scale', true, masterHits(new Map([[keys[0]!, 0.5], [keys[3]!, 12]])));
    expect(await scaleIn.pickVictims('prefill', 2)).toEqual([a, b]);
    expect(logger.records).toContainEqual(expect.objectContaining({ message: 'planner scale-in victim', fields: expect.objectContaining({ instance: a, soleBlocks: 3, soleBlockHits: 0.5 }) }));
  });

  it('a master that does not answer: logged, and the fewest sole blocks go first', async () => {
    const down: PoolReadStatsPort = { read: async () => err({ kind: 'pool-unavailable', message: 'no kvpool master is known' }) };
    const { scaleIn, logger } = setUp('scale', true, down);
    expect(await scaleIn.pickVictims('prefill', 1)).toEqual([b]);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', message: 'scale-in cannot read block hits from the kvpool master; the fewest sole blocks go first' }));
  });

  it('an instance already draining (picked by an earlier scale-in, or drained by hand) is never picked again, though its cache is worth least', async () => {
    const { scaleIn, registry } = setUp('scale', true);
    const facts: InstanceFacts = { reportedId: 'b', modelId: 'tiny', modelHash: 'h', blockSizeTokens: 16, tokenizerId: 't', contextTokens: 2048, hashScheme: 'xxh3-chain-v1', arenaCapacityBlocks: 64, blockBytes: 8240, draining: true };
    registry.observe(b, facts);
    expect(await scaleIn.pickVictims('prefill', 1)).toEqual([a]);
    expect(await scaleIn.pickVictims('prefill', 2)).toEqual([a]);
  });

  it('a victim without a known pod is logged and left out of the marks', async () => {
    const { scaleIn, marked, logger } = setUp('scale', true);
    await scaleIn.prepare('prefill', [instanceId('10.9.9.9:50061')]);
    expect(marked).toEqual([[]]);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', message: 'scale-in victim has no known pod; any pod may go' }));
  });
});
