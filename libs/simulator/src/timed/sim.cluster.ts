import { type BlockKey } from '@tsukimi/kv-block';
import { evictionPolicy } from '@tsukimi/kv-store';
import { instanceId, type InstanceId, type InstanceSnapshot, type PrefixLocation, type Scheduler, transferPathOf } from '@tsukimi/scheduler';
import { BlockCache } from '../cache/block.cache';
import { type CostModel } from '../cost/cost.model';
import { EngineInstance, type InstanceMode, type PrefillHooks } from './engine.instance';
import { type EventQueue } from './event.queue';
import { ClusterPrefixLookup } from './cluster-prefix.lookup';
import { KvPoolSim } from './kv-pool.sim';
import { type ReplayMetrics } from './replay.metrics';
import { SimRequest } from './sim-request';
import { type CompiledTimedReplayOptions } from './timed-replay.options';

/**
 * The simulated cluster: instances of the chosen architecture, their caches, the pool when the
 * architecture has one, and the real scheduler deciding over snapshots of them. Node `i` runs
 * instance `i`: prefill instances first, then decode instances.
 */
export class SimCluster implements PrefillHooks {
  private readonly prefill: EngineInstance[];
  private readonly decode: EngineInstance[];
  private readonly byId = new Map<InstanceId, EngineInstance>();
  private readonly decodeOf = new Map<SimRequest, EngineInstance>();
  private readonly pool: KvPoolSim | undefined;
  private readonly lookup: ClusterPrefixLookup | undefined;

  constructor(
    private readonly options: CompiledTimedReplayOptions,
    private readonly cost: CostModel,
    private readonly events: EventQueue,
    private readonly scheduler: Scheduler,
    private readonly metrics: ReplayMetrics,
  ) {
    const { architecture, prefillInstances, decodeInstances } = options;
    const deviceBlocks = Math.floor(cost.kvCapacityTokens / cost.blockSizeTokens);
    const make = (mode: InstanceMode, node: number) => {
      const cache = new BlockCache(evictionPolicy(options.policy), deviceBlocks);
      const instance = new EngineInstance(instanceId(`${mode}-${node}`), mode, node, cache, cost, events, this, mode === 'coupled' ? options.chunkedPrefillTokens : 0);
      this.byId.set(instance.id, instance);
      return instance;
    };
    if (architecture === 'coupled') {
      this.prefill = Array.from({ length: prefillInstances + decodeInstances }, (_, i) => make('coupled', i));
      this.decode = this.prefill;
    } else {
      this.prefill = Array.from({ length: prefillInstances }, (_, i) => make('prefill', i));
      this.decode = Array.from({ length: decodeInstances }, (_, i) => make('decode', prefillInstances + i));
    }
    if (architecture === 'mooncake') {
      const { dramBytes, ssdBytes } = cost.node;
      this.pool = new KvPoolSim(prefillInstances + decodeInstances, options.policy, Math.floor(dramBytes / cost.blockBytes), Math.floor(ssdBytes / cost.blockBytes));
      this.lookup = new ClusterPrefixLookup(new Map(this.prefill.map((i) => [i.id, i.deviceCache])), this.pool);
    }
  }

  /**
   * Schedules a request that has just arrived: routed to its instances, or rejected. A coupled
   * cluster offers the scheduler its instances in both roles and decodes where it prefilled,
   * so only the prefill choice counts there.
   */
  arrive(nowMs: number, promptTokens: number, outputTokens: number, keys: readonly BlockKey[]): void {
    const prefill = this.prefill.map((i) => i.snapshot('prefill'));
    const decode = this.decode.map((i) => i.snapshot('decode'));
    this.metrics.load(nowMs, meanInFlight(prefill), meanInFlight(decode));
    const decision = this.scheduler.decide(
      { blockKeys: keys, promptTokens, maxTokens: outputTokens },
      {
        prefill,
        decode,
        cachedPrefixBlocks: (id, blockKeys) => this.instance(id).deviceCache.prefixBlocks(blockKeys),
        prefixes: this.lookup,
      },
    );
    if (decision.kind === 'reject') return this.metrics.rejected(nowMs);
    const source = decision.migrate?.from;
    const plan = source && decision.estimate ? { fetch: { uptoBlocks: decision.estimate.reusedBlocks, from: source } } : {};
    const request = new SimRequest(nowMs, promptTokens, outputTokens, keys, plan);
    const prefillInstance = this.instance(decision.prefill);
    if (prefillInstance.mode !== 'coupled') {
      const decodeInstance = this.instance(decision.decode);
      decodeInstance.expectDecode(request);
      this.decodeOf.set(request, decodeInstance);
    }
    prefillInstance.enqueuePrefill(request);
  }

  begin(instance: EngineInstance, request: SimRequest): { reusedTokens: number; fetchMs: number } {
    const keys = request.keys;
    const own = instance.deviceCache.prefixBlocks(keys);
    for (let i = 0; i < own; i++) instance.deviceCache.lookup(keys[i]!);
    let reusedBlocks = own;
    let fetchMs = 0;
    const fetch = request.plan.fetch;
    if (fetch !== undefined) {
      const source = this.cacheAt(fetch.from);
      const upto = Math.min(fetch.uptoBlocks, source.prefixBlocks(keys));
      if (upto > own) {
        for (let i = own; i < upto; i++) source.lookup(keys[i]!);
        fetchMs = this.cost.transferMs(upto - own, transferPathOf(fetch.from));
        this.metrics.blocks(this.events.nowMs, fetch.from.tier === 'device' ? 'device-remote' : fetch.from.tier, upto - own);
        reusedBlocks = upto;
      }
    }
    this.metrics.blocks(this.events.nowMs, 'device', own);
    this.metrics.blocks(this.events.nowMs, 'computed', keys.length - reusedBlocks);
    return { reusedTokens: Math.min(request.promptTokens, reusedBlocks * this.cost.blockSizeTokens), fetchMs };
  }

  end(instance: EngineInstance, request: SimRequest): void {
    const keys = request.keys;
    for (let i = 0; i < keys.length; i++) instance.deviceCache.insert(keys[i]!, i);
    this.pool?.write(instance.node, keys);
    const decode = this.decodeOf.get(request);
    if (decode === undefined) return;
    this.decodeOf.delete(request);
    if (request.done) return decode.forgetDecode(request);
    this.events.at(this.events.nowMs + this.cost.kvHandoffMs(request.promptTokens, request.prefillComputeMs), () => decode.joinDecode(request));
  }

  finished(request: SimRequest): void {
    this.decodeOf.delete(request);
    this.metrics.finished(request, this.events.nowMs);
  }

  private instance(id: InstanceId): EngineInstance {
    const instance = this.byId.get(id);
    if (instance === undefined) throw new Error(`SimCluster: the scheduler chose ${id}, which is not in the cluster`);
    return instance;
  }

  private cacheAt(location: PrefixLocation): BlockCache {
    if (location.tier === 'device') return this.instance(location.instance).deviceCache;
    if (this.pool === undefined) throw new Error('SimCluster: a fetch from the pool in a cluster without one');
    return this.pool.tier(Number(location.node.slice('node-'.length)), location.tier);
  }
}

const meanInFlight = (snapshots: readonly InstanceSnapshot[]) => snapshots.reduce((sum, s) => sum + s.inFlightRequests, 0) / Math.max(1, snapshots.length);
