import { type sendUnaryData, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { type BlockKey, parseBlockKey } from '@tsukimi/kv-block';
import { BlockArrivals, type PoolCoordinator, type Replica as StoreReplica, PLACEMENT_STRATEGIES, type PlacementStrategyType, parseNodeId, systemTimers } from '@tsukimi/kv-store';
import {
  type ExistsReply,
  type GetReply,
  type GetRequest__Output,
  type KeysReply,
  type KeysRequest__Output,
  type PutStartReply,
  type PutStartRequest__Output,
  type PinRequest__Output,
  type ReadStatsReply,
  type ReadStatsRequest__Output,
  type PutTarget,
  type Replica,
  type StatsReply,
} from '@tsukimi/proto';
import { Metrics } from '@tsukimi/service-kit';
import { COORDINATOR } from './kvpool.tokens';

/** Keys one call may name; a batch is one request's blocks, far fewer than this. */
const MAX_KEYS_PER_CALL = 65_536;

/** The longest lease a reader may ask for: a lease blocks eviction, so it must not be unbounded. */
const MAX_LEASE_MS = 10 * 60_000;

/** The longest a Get may wait for its first key: a waiting call holds a listener and a timer. */
const MAX_WAIT_MS = 60_000;

type Reply<T> = sendUnaryData<T>;

/**
 * The KvPool control plane: maps the wire to the store master. Keys arrive as text from any
 * client and are parsed before they reach the master; a malformed one fails the whole call.
 */
@Injectable()
export class KvPoolGrpcHandlers {
  private readonly arrivals: BlockArrivals;

  constructor(
    @Inject(COORDINATOR) private readonly pool: PoolCoordinator,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.arrivals = new BlockArrivals(pool.master, systemTimers);
  }

  handlers() {
    return {
      putStart: this.putStart.bind(this),
      putEnd: this.putEnd.bind(this),
      putRevoke: this.putRevoke.bind(this),
      get: this.get.bind(this),
      exists: this.exists.bind(this),
      remove: this.remove.bind(this),
      stats: this.stats.bind(this),
      pin: this.pin.bind(this),
      unpin: this.unpin.bind(this),
      readStats: this.readStats.bind(this),
    };
  }

  async putStart(call: ServerUnaryCall<PutStartRequest__Output, PutStartReply>, callback: Reply<PutStartReply>): Promise<void> {
    const request = call.request;
    const keys = parseKeys(request.items.map((item) => item.key));
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const strategy = request.strategy === '' ? undefined : request.strategy;
    if (strategy !== undefined && !(PLACEMENT_STRATEGIES as readonly string[]).includes(strategy)) {
      return callback({ code: status.INVALID_ARGUMENT, details: `strategy must be one of ${PLACEMENT_STRATEGIES.join(', ')}` });
    }
    const preferred = request.preferredNode === '' ? undefined : parseNodeId(request.preferredNode);
    if (preferred !== undefined && !preferred.ok) return callback({ code: status.INVALID_ARGUMENT, details: `preferred_node: ${preferred.error.reason}` });
    const answers = await this.pool.master.putStartBatch(
      request.items.map((item, i) => ({
        key: keys.value[i]!,
        sizeBytes: item.sizeBytes,
        options: {
          ...(request.replicas > 0 ? { replicas: request.replicas } : {}),
          ...(strategy !== undefined ? { strategy: strategy as PlacementStrategyType } : {}),
          ...(preferred !== undefined ? { preferredNode: preferred.value } : {}),
          blockIndex: item.blockIndex,
        },
      })),
    );
    for (const [i, answer] of answers.entries()) if (answer.ok && answer.value.outcome !== 'exists') this.pool.withdrawDeletes(keys.value[i]!, answer.value.replicas.map((r) => r.nodeId));
    const targets: PutTarget[] = [];
    for (const [i, answer] of answers.entries()) targets.push(await this.target(keys.value[i]!, answer));
    callback(null, { targets });
  }

  private async target(key: BlockKey, answer: Awaited<ReturnType<PoolCoordinator['master']['putStart']>>): Promise<PutTarget> {
    {
      if (answer.ok) return { key, status: answer.value.outcome === 'exists' ? 'exists' : 'write', replicas: answer.value.outcome === 'exists' ? [] : await this.wire(answer.value.replicas) };
      if (answer.error.kind === 'in-progress') return { key, status: 'pending', replicas: [] };
      if (answer.error.kind === 'no-space') return { key, status: 'no-space', replicas: [] };
      return { key, status: answer.error.kind === 'invalid-request' ? `invalid: ${answer.error.field} ${answer.error.reason}` : 'retry', replicas: [] };
    }
  }

  async putEnd(call: ServerUnaryCall<KeysRequest__Output, KeysReply>, callback: Reply<KeysReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const answers = await this.pool.master.putEndBatch(keys.value);
    callback(null, { outcomes: answers.map((answer, i) => ({ key: keys.value[i]!, status: answer.ok ? 'ok' : answer.error.kind })) });
  }

  async putRevoke(call: ServerUnaryCall<KeysRequest__Output, KeysReply>, callback: Reply<KeysReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const answers = await this.pool.master.putRevokeBatch(keys.value);
    for (const answer of answers) if (answer.ok) this.pool.enqueue(answer.value);
    callback(null, { outcomes: answers.map((answer, i) => ({ key: keys.value[i]!, status: answer.ok ? 'ok' : answer.error.kind === 'complete' ? 'not-pending' : answer.error.kind })) });
  }

  async get(call: ServerUnaryCall<GetRequest__Output, GetReply>, callback: Reply<GetReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const { leaseMs, waitMs } = call.request;
    if (waitMs > 0 && keys.value.length > 0) await this.arrivals.waitFor(keys.value[0]!, Math.min(waitMs, MAX_WAIT_MS));
    const hits = await this.pool.master.get(keys.value, leaseMs > 0 ? Math.min(leaseMs, MAX_LEASE_MS) : undefined);
    let found = 0;
    const items = [];
    for (const [i, hit] of hits.entries()) {
      if (!hit.ok) {
        items.push({ key: keys.value[i]!, found: false, replicas: [], sizeBytes: 0 });
        continue;
      }
      found += 1;
      items.push({ key: hit.value.key, found: true, replicas: await this.wire(hit.value.replicas), sizeBytes: hit.value.sizeBytes });
    }
    this.metrics.get('tsukimi_kvpool_lookup_hits_total').inc(found);
    this.metrics.get('tsukimi_kvpool_lookup_misses_total').inc(items.length - found);
    callback(null, { items });
  }

  async exists(call: ServerUnaryCall<KeysRequest__Output, ExistsReply>, callback: Reply<ExistsReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    callback(null, { exists: await this.pool.master.exists(keys.value) });
  }

  async remove(call: ServerUnaryCall<KeysRequest__Output, KeysReply>, callback: Reply<KeysReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const answers = await this.pool.master.removeBatch(keys.value);
    for (const answer of answers) if (answer.ok) this.pool.enqueue(answer.value);
    callback(null, {
      outcomes: answers.map((answer, i) => ({
        key: keys.value[i]!,
        status: answer.ok ? 'ok' : answer.error.kind === 'hard-pinned' ? 'pinned' : answer.error.kind === 'in-progress' ? 'pending' : answer.error.kind,
      })),
    });
  }

  async stats(_call: ServerUnaryCall<unknown, StatsReply>, callback: Reply<StatsReply>): Promise<void> {
    const nodes = await this.pool.master.nodeUsage();
    const tiers = nodes.flatMap((node) =>
      Object.entries(node.capacityBytes).map(([tier, capacityBytes]) => ({ nodeId: node.nodeId, tier, capacityBytes, usedBytes: node.usedBytes[tier as keyof typeof node.usedBytes] ?? 0, blocks: 0 })),
    );
    const snapshot = await this.pool.master.snapshot();
    callback(null, { tiers, completeBlocks: new Set(snapshot.replicas.map((r) => r.key)).size, pendingBlocks: await this.pool.master.pendingBlocks() });
  }

  async readStats(call: ServerUnaryCall<ReadStatsRequest__Output, ReadStatsReply>, callback: Reply<ReadStatsReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const report = this.pool.master.readReport(keys.value);
    const storage = (await this.pool.master.nodeUsage()).filter((node) => (node.capacityBytes.dram ?? 0) > 0);
    const meanOf = (bytes: readonly number[]) => (bytes.length === 0 ? 0 : Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length));
    callback(null, {
      sampleRate: report.reuseDistances.sampleRate,
      coldReads: report.reuseDistances.coldReads,
      distanceCounts: [...report.reuseDistances.counts],
      hits: [...report.hits],
      meanBlockBytes: report.meanBlockBytes,
      storageNodes: storage.length,
      dramBytesPerNode: meanOf(storage.map((node) => node.capacityBytes.dram ?? 0)),
      ssdBytesPerNode: meanOf(storage.map((node) => node.capacityBytes.ssd ?? 0)),
    });
  }

  async pin(call: ServerUnaryCall<PinRequest__Output, KeysReply>, callback: Reply<KeysReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const { kind, ttlMs } = call.request;
    if (kind !== 'soft' && kind !== 'hard') return callback({ code: status.INVALID_ARGUMENT, details: `kind must be soft or hard, got "${kind.slice(0, 20)}"` });
    if (kind === 'soft' && ttlMs < 1) return callback({ code: status.INVALID_ARGUMENT, details: 'ttl_ms must be at least 1 for a soft pin' });
    const answers = await Promise.all(keys.value.map((key) => (kind === 'soft' ? this.pool.master.softPin(key, ttlMs) : this.pool.master.hardPin(key))));
    callback(null, { outcomes: answers.map((answer, i) => ({ key: keys.value[i]!, status: answer.ok ? 'ok' : answer.error.kind })) });
  }

  async unpin(call: ServerUnaryCall<PinRequest__Output, KeysReply>, callback: Reply<KeysReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const kind = call.request.kind;
    if (kind !== 'soft' && kind !== 'hard') return callback({ code: status.INVALID_ARGUMENT, details: `kind must be soft or hard, got "${kind.slice(0, 20)}"` });
    const answers = await Promise.all(keys.value.map((key) => this.pool.master.unpin(key, kind)));
    callback(null, { outcomes: answers.map((answer, i) => ({ key: keys.value[i]!, status: answer.ok ? 'ok' : answer.error.kind })) });
  }

  /** Replicas as clients dial them; one on a member that serves no bytes (an engine's device tier) is left out. */
  private async wire(replicas: readonly StoreReplica[]): Promise<Replica[]> {
    const wired: Replica[] = [];
    for (const replica of replicas) {
      const address = await this.pool.addressOf(replica.nodeId);
      if (address !== undefined) wired.push({ nodeId: replica.nodeId, host: address.host, port: address.port, tier: replica.tier });
    }
    return wired;
  }
}

function parseKeys(texts: readonly string[]): { ok: true; value: BlockKey[] } | { ok: false; error: string } {
  if (texts.length > MAX_KEYS_PER_CALL) return { ok: false, error: `at most ${MAX_KEYS_PER_CALL} keys per call, got ${texts.length}` };
  const keys: BlockKey[] = [];
  for (const [i, text] of texts.entries()) {
    const key = parseBlockKey(text);
    if (!key.ok) return { ok: false, error: `keys[${i}]: expected 16 hex digits, got "${text.slice(0, 40)}"` };
    keys.push(key.value);
  }
  return { ok: true, value: keys };
}
