import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '@tsukimi/scheduler';
import { type Clock } from '@tsukimi/telemetry';
import { type InstanceRegistry } from '../instance.registry';
import { type HotPrefix, PrefixDemand, type PrefixDemandOptions, type PrefixRequest } from './prefix-demand';
import { planWarmCopies, type WarmablePrefix, type WarmCopyOptions } from './warm-copy.policy';
import { type WarmCopyMetrics, type WarmGateway } from './warm.port';

/** How hot a prefix must be (the demand window's options) and how many warms may run. */
export interface WarmCopiesOptions extends WarmCopyOptions, PrefixDemandOptions {}

/**
 * The conductor's side of hot-spot replication: measures each prompt prefix's demand as requests
 * arrive and keeps warm copies of the hot ones on more prefill instances, by asking an instance
 * (least loaded, with free device blocks) to load the prefix from the pool into its memory before
 * the requests come. Only prefixes the pool holds whole are warmed. A prefix that cools gets no
 * more warms; its copies go as each instance's own prefix cache evicts them, least recently used
 * first, so a cold prefix falls back to the holder that still serves it.
 */
export class WarmCopies {
  private readonly demand: PrefixDemand;
  /** Warms in flight, by the prefix's last key: the instances being warmed with it. */
  private readonly warming = new Map<BlockKey, Set<InstanceId>>();
  private readonly running = new Set<Promise<void>>();
  private inFlight = 0;

  constructor(
    private readonly options: WarmCopiesOptions,
    private readonly registry: InstanceRegistry,
    private readonly gateway: WarmGateway,
    private readonly clock: Pick<Clock, 'monotonicMs'>,
    private readonly metrics?: WarmCopyMetrics,
  ) {
    this.demand = new PrefixDemand({ windowMs: options.windowMs, hotRequests: options.hotRequests, maxTrackedBlocks: options.maxTrackedBlocks });
  }

  /** One request's prompt prefix: counted, then the hot prefixes short of holders are warmed where there is room. */
  onPrefixDemand(request: PrefixRequest): void {
    if (request.blockKeys.length === 0) return;
    const nowMs = this.clock.monotonicMs();
    this.demand.record(request, nowMs);
    if (this.inFlight >= this.options.maxInFlight) return;
    const prefixes = this.demand.hot(nowMs).filter((prefix) => this.poolHolds(prefix.blockKeys));
    if (prefixes.length === 0) return;
    const warmable = prefixes.map((prefix) => this.warmable(prefix));
    const plan = planWarmCopies(warmable, this.inFlight, this.options);
    for (const _ of plan.noRoom) this.metrics?.counted('no-room');
    for (const order of plan.warms) this.start(prefixes[order.prefix] as HotPrefix, order.instance);
  }

  /** Resolves once every warm in flight has ended. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private warmable(prefix: HotPrefix): WarmablePrefix {
    const { index } = this.registry;
    const warming = this.warming.get(prefix.blockKeys[prefix.blockKeys.length - 1] as BlockKey);
    const facts = new Map(this.registry.states().map((state) => [state.id, state.facts]));
    return {
      blockKeys: prefix.blockKeys,
      instances: this.registry.snapshot('prefill', prefix.modelId, prefix.adapter).map((s) => ({
        id: s.id,
        routable: s.routable,
        inFlightRequests: s.inFlightRequests,
        inFlightTokens: s.inFlightTokens,
        heldBlocks: index.cachedPrefixBlocks(s.id, prefix.blockKeys),
        freeBlocks: facts.get(s.id)?.arenaFreeBlocks,
        warming: warming?.has(s.id) ?? false,
      })),
    };
  }

  /** Whether the conductor's index shows one pool node holding the whole prefix, in DRAM or on SSD. */
  private poolHolds(keys: readonly BlockKey[]): boolean {
    const match = this.registry.index.match(keys);
    return Math.max(match.bestNode('dram')?.blocks ?? 0, match.bestNode('ssd')?.blocks ?? 0) >= keys.length;
  }

  private start(prefix: HotPrefix, instance: InstanceId): void {
    const last = prefix.blockKeys[prefix.blockKeys.length - 1] as BlockKey;
    const warming = this.warming.get(last) ?? new Set<InstanceId>();
    this.warming.set(last, warming.add(instance));
    this.inFlight++;
    this.metrics?.counted('sent');
    const run = this.warm(prefix, instance).finally(() => {
      warming.delete(instance);
      if (warming.size === 0) this.warming.delete(last);
      this.inFlight--;
      this.running.delete(run);
    });
    this.running.add(run);
  }

  private async warm(prefix: HotPrefix, instance: InstanceId): Promise<void> {
    const { blockKeys, blockSizeTokens, tenantSalt, adapter } = prefix;
    const promptTokens = prefix.promptTokens.slice(0, blockKeys.length * blockSizeTokens);
    const answer = await this.gateway.warm(instance, { blockKeys, promptTokens, tenantSalt, ...(adapter ? { adapter } : {}) });
    if (!answer.ok) {
      this.metrics?.counted('failed');
      return;
    }
    const held = Math.min(answer.value.heldBlocks, prefix.blockKeys.length);
    // The instance's device-tier log tells the same at its next probe; the scheduler may use it now.
    this.registry.reportBlocks(instance, prefix.blockKeys.slice(0, held));
    this.metrics?.counted(held === prefix.blockKeys.length ? 'loaded' : 'partial');
  }
}
