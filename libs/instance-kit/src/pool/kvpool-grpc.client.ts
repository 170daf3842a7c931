import { type CallOptions, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { type Address } from '@tsukimi/config';
import { type BlockKey } from '@tsukimi/kv-block';
import {
  callUnary,
  type CallFailure,
  type ExistsReply__Output,
  type GetReply__Output,
  type GetRequest,
  type KeysReply__Output,
  type KeysRequest,
  type KvPoolClient as KvPoolGrpcStub,
  type PutItem,
  type PutStartReply__Output,
  type PutStartRequest,
  type PutTarget__Output,
  type Replica__Output,
  tsukimiProto,
} from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { serviceClientOptions, type ServiceTokens } from '@tsukimi/service-kit';
import { type FetchedBlock, type FetchOptions, type KvPoolClient, type NodeRead, type PartedStore, type PoolFailure, type PoolTier, type StoreOptions, type StoreReport } from '@tsukimi/serving';
import { FailoverChannel } from './failover.channel';
import { ReservedPut } from './reserved.put';
import { readFromReplicas, type Endpoint, type ReplicaReadOutcome, type Transport } from '@tsukimi/transfer';

export interface KvPoolGrpcClientOptions {
  /** The master, and its standbys if any: calls go to whichever leads. */
  readonly masters: readonly Address[];
  readonly transport: Transport;
  readonly timeoutMs: number;
  /** Copies per stored block; the pool's default when absent. */
  readonly replicas?: number;
  /** Placement strategy for stored blocks (`random`, `free-ratio-first`, `local-first`); the pool's default when absent. */
  readonly strategy?: string;
  /** This process's own pool node, for `local-first`. */
  readonly preferredNode?: string;
  /** How long a lookup's lease protects the blocks it found; the pool's default when absent. */
  readonly leaseMs?: number;
  /** Shown on every call to the master; none when absent (loopback development). */
  readonly serviceTokens?: Pick<ServiceTokens, 'sending'>;
}

/**
 * The KV pool as prefill and decode instances reach it: the master over gRPC for metadata
 * (where blocks are, reservations, leases) and the nodes over the transfer engine for bytes.
 */
export class KvPoolGrpcClient implements KvPoolClient {
  private readonly channel: FailoverChannel<KvPoolGrpcStub>;

  constructor(private readonly options: KvPoolGrpcClientOptions) {
    const { KvPool } = tsukimiProto().tsukimi.v1;
    this.channel = new FailoverChannel(options.masters, (target) => new KvPool(target, credentials.createInsecure(), serviceClientOptions(options.serviceTokens)));
  }

  async fetchFrom(node: string, keys: readonly BlockKey[]): Promise<Result<NodeRead, PoolFailure>> {
    if (keys.length === 0) return ok({ blocks: [] });
    const found = await this.lookup(keys);
    if (!found.ok) return found;
    const run: { key: BlockKey; replica: Replica__Output }[] = [];
    for (const item of found.value.items) {
      const replica = item.found ? item.replicas.find((r) => r.nodeId === node) : undefined;
      if (!replica) break;
      run.push({ key: item.key as BlockKey, replica });
    }
    if (run.length === 0) return ok({ blocks: [], stoppedBy: 'missing' });
    const read = await this.options.transport.read(endpointOf(run[0]!.replica), run.map((r) => r.key), { timeoutMs: this.options.timeoutMs });
    if (!read.ok) return ok({ blocks: [], stoppedBy: 'unreachable' });
    const blocks: FetchedBlock[] = [];
    for (const [i, outcome] of read.value.entries()) {
      if (outcome.status !== 'found') break;
      blocks.push({ key: outcome.key, bytes: outcome.bytes, tier: tierOf(run[i]!.replica), ...(outcome.release ? { release: outcome.release } : {}) });
    }
    return ok(blocks.length < keys.length ? { blocks, stoppedBy: 'missing' } : { blocks });
  }

  async fetchPrefix(keys: readonly BlockKey[], options: FetchOptions = {}): Promise<Result<FetchedBlock[], PoolFailure>> {
    if (keys.length === 0) return ok([]);
    // The master holds a Get for its first key: a block awaited in its place is asked first, and its answer dropped.
    const waitFor = options.waitFor !== undefined && options.waitFor !== keys[0] ? options.waitFor : undefined;
    const found = await this.lookup(waitFor === undefined ? keys : [waitFor, ...keys], options.waitMs ?? 0);
    if (!found.ok) return found;
    const run: { key: BlockKey; replicas: Replica__Output[] }[] = [];
    for (const item of waitFor === undefined ? found.value.items : found.value.items.slice(1)) {
      if (!item.found || item.replicas.length === 0) break;
      run.push({ key: item.key as BlockKey, replicas: item.replicas });
    }
    if (run.length === 0) return ok([]);
    const read = await this.readRun(run);
    const blocks: FetchedBlock[] = [];
    for (const [i, outcome] of read.entries()) {
      if (outcome?.status !== 'found') break;
      const replica = run[i]!.replicas.find((r) => r.nodeId === outcome.servedBy.nodeId);
      blocks.push({ key: outcome.key, bytes: outcome.bytes, tier: tierOf(replica), ...(outcome.release ? { release: outcome.release } : {}) });
    }
    return ok(blocks);
  }

  async store(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined, options: StoreOptions = {}): Promise<Result<StoreReport, PoolFailure>> {
    if (keys.length === 0) return ok({ stored: 0, existing: 0 });
    const probed = options.fresh ? ok(keys.map(() => false)) : await this.held(keys);
    if (!probed.ok) return probed;
    const held = probed.value;
    const missing: { key: BlockKey; bytes: Uint8Array; index: number }[] = [];
    keys.forEach((key, index) => {
      if (held[index]) return;
      const bytes = read(key);
      if (bytes) missing.push({ key, bytes, index });
    });
    const existing = held.filter(Boolean).length;
    if (missing.length === 0) return ok({ stored: 0, existing });

    const started = await this.putStart(missing.map((m) => ({ key: m.key, sizeBytes: m.bytes.length, blockIndex: m.index })));
    if (!started.ok) return started;
    const alsoExisting = started.value.filter((t) => t.status === 'exists' || t.status === 'pending').length;
    const completed = await this.complete(started.value, new Map(missing.map((m) => [m.key, m.bytes])));
    return completed.ok ? ok({ stored: completed.value, existing: existing + alsoExisting }) : completed;
  }

  storeInParts(keys: readonly BlockKey[]): PartedStore {
    return new ReservedPut(keys, {
      putStart: (items) => this.putStart(items),
      complete: (targets, bytesOf) => this.complete(targets, bytesOf),
      revoke: async (revoked) => void (await this.call<KeysRequest, KeysReply__Output>((stub, r, m, o, cb) => stub.putRevoke(r, m, o, cb), { keys: [...revoked] })),
      store: (part, read) => this.store(part, read, { fresh: true }),
    });
  }

  /** Phase one of the put: room reserved for each block, or why not. */
  private async putStart(items: readonly PutItem[]): Promise<Result<PutTarget__Output[], PoolFailure>> {
    const started = await this.call<PutStartRequest, PutStartReply__Output>((stub, r, m, o, cb) => stub.putStart(r, m, o, cb), {
      items: [...items],
      replicas: this.options.replicas ?? 0,
      strategy: this.options.strategy ?? '',
      preferredNode: this.options.preferredNode ?? '',
    });
    return started.ok ? ok(started.value.targets) : started;
  }

  /**
   * Writes the bytes of each target to write to its replicas and ends their puts, revoking those
   * that could not be written; answers how many were stored. Other targets are passed over.
   */
  private async complete(targets: readonly PutTarget__Output[], bytesOf: ReadonlyMap<BlockKey, Uint8Array>): Promise<Result<number, PoolFailure>> {
    const byNode = new Map<string, { endpoint: Endpoint; keys: BlockKey[] }>();
    for (const target of targets) {
      if (target.status !== 'write') continue;
      for (const replica of target.replicas) {
        const group = byNode.get(replica.nodeId) ?? { endpoint: endpointOf(replica), keys: [] };
        group.keys.push(target.key as BlockKey);
        byNode.set(replica.nodeId, group);
      }
    }
    // A target to write with no replica this client can reach cannot be completed: revoke it.
    const failed = new Set<BlockKey>(targets.filter((t) => t.status === 'write' && t.replicas.length === 0).map((t) => t.key as BlockKey));
    await Promise.all(
      [...byNode.values()].map(async ({ endpoint, keys: nodeKeys }) => {
        const written = await this.options.transport.write(endpoint, nodeKeys.map((key) => ({ key, bytes: bytesOf.get(key)! })), { timeoutMs: this.options.timeoutMs });
        nodeKeys.forEach((key, i) => {
          const outcome = written.ok ? written.value[i] : undefined;
          if (outcome?.status !== 'stored') failed.add(key);
        });
      }),
    );
    const writeKeys = targets.filter((t) => t.status === 'write').map((t) => t.key as BlockKey);
    const done = writeKeys.filter((k) => !failed.has(k));
    if (failed.size > 0) await this.call<KeysRequest, KeysReply__Output>((stub, r, m, o, cb) => stub.putRevoke(r, m, o, cb), { keys: [...failed] });
    if (done.length > 0) {
      const ended = await this.call<KeysRequest, KeysReply__Output>((stub, r, m, o, cb) => stub.putEnd(r, m, o, cb), { keys: done });
      if (!ended.ok) return ended;
    }
    return ok(done.length);
  }

  /** Which of `keys` the pool holds, so that only the others are exported. */
  private async held(keys: readonly BlockKey[]): Promise<Result<boolean[], PoolFailure>> {
    const exists = await this.call<KeysRequest, ExistsReply__Output>((stub, r, m, o, cb) => stub.exists(r, m, o, cb), { keys: [...keys] });
    return exists.ok ? ok(keys.map((_, i) => exists.value.exists[i] === true)) : exists;
  }

  /** Reads each key from its own replicas, one batch per distinct replica list. */
  private async readRun(run: readonly { key: BlockKey; replicas: Replica__Output[] }[]): Promise<(ReplicaReadOutcome | undefined)[]> {
    const groups = new Map<string, { replicas: Endpoint[]; indexes: number[] }>();
    run.forEach((item, index) => {
      const id = item.replicas.map((r) => r.nodeId).join(',');
      const group = groups.get(id) ?? { replicas: item.replicas.map(endpointOf), indexes: [] };
      group.indexes.push(index);
      groups.set(id, group);
    });
    const outcomes: (ReplicaReadOutcome | undefined)[] = run.map(() => undefined);
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const read = await readFromReplicas(this.options.transport, group.replicas, group.indexes.map((i) => run[i]!.key), { timeoutMs: this.options.timeoutMs });
        read.forEach((outcome, position) => (outcomes[group.indexes[position]!] = outcome));
      }),
    );
    return outcomes;
  }

  close(): void {
    this.channel.close();
  }

  /** Where the master has each key, leasing what it found; the master holds the call up to `waitMs` for the first key. */
  private lookup(keys: readonly BlockKey[], waitMs = 0): Promise<Result<GetReply__Output, PoolFailure>> {
    const waitWholeMs = Math.max(0, Math.ceil(waitMs));
    return this.call<GetRequest, GetReply__Output>((stub, r, m, o, cb) => stub.get(r, m, o, cb), { keys: [...keys], leaseMs: this.options.leaseMs ?? 0, waitMs: waitWholeMs }, waitWholeMs);
  }

  private async call<Req, Res>(
    method: (stub: KvPoolGrpcStub, request: Req, metadata: Metadata, options: CallOptions, callback: (error: ServiceError | null, response?: Res) => void) => unknown,
    request: Req,
    heldMs = 0,
  ): Promise<Result<Res, PoolFailure>> {
    // A call the master may hold (a waiting Get) gets that long on top of its own deadline.
    const result = await this.channel.call((stub) => callUnary<Req, Res>((r, m, o, cb) => method(stub, r, m, o, cb), request, new Metadata(), this.options.timeoutMs + heldMs));
    return result.ok ? result : err(poolFailure(result.error));
  }
}

function endpointOf(replica: Replica__Output): Endpoint {
  return { nodeId: replica.nodeId, host: replica.host, port: replica.port };
}

function tierOf(replica: Replica__Output | undefined): PoolTier {
  return replica?.tier === 'ssd' ? 'ssd' : 'dram';
}

function poolFailure(failure: CallFailure): PoolFailure {
  if (failure.code === status.UNAVAILABLE) return { kind: 'pool-unavailable', message: failure.details };
  if (failure.code === status.DEADLINE_EXCEEDED) return { kind: 'pool-timeout', message: failure.details };
  return { kind: 'pool-error', message: failure.details };
}
