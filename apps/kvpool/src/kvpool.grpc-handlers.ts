import { type sendUnaryData, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { type BlockKey, parseBlockKey } from '@tsukimi/kv-block';
import { type ColocatedPool, type NodeTier, type Replica as StoreReplica, PLACEMENT_STRATEGIES, type PlacementStrategyType, parseNodeId } from '@tsukimi/kv-store';
import {
  type ExistsReply,
  type GetReply,
  type GetRequest__Output,
  type KeysReply,
  type KeysRequest__Output,
  type PutStartReply,
  type PutStartRequest__Output,
  type PutTarget,
  type Replica,
  type StatsReply,
} from '@tsukimi/proto';
import { Metrics } from '@tsukimi/service-kit';
import { NODE_DIRECTORY, POOL } from './kvpool.tokens';
import { type NodeDirectory } from './node.directory';

/** Keys one call may name; a batch is one request's blocks, far fewer than this. */
const MAX_KEYS_PER_CALL = 65_536;

type Reply<T> = sendUnaryData<T>;

/**
 * The KvPool control plane: maps the wire to the store master. Keys arrive as text from any
 * client and are parsed before they reach the master; a malformed one fails the whole call.
 */
@Injectable()
export class KvPoolGrpcHandlers {
  constructor(
    @Inject(POOL) private readonly pool: ColocatedPool,
    @Inject(NODE_DIRECTORY) private readonly nodes: NodeDirectory,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  handlers() {
    return {
      putStart: this.putStart.bind(this),
      putEnd: this.putEnd.bind(this),
      putRevoke: this.putRevoke.bind(this),
      get: this.get.bind(this),
      exists: this.exists.bind(this),
      remove: this.remove.bind(this),
      stats: this.stats.bind(this),
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
    const targets: PutTarget[] = answers.map((answer, i) => {
      const key = keys.value[i]!;
      if (answer.ok) return { key, status: answer.value.outcome === 'exists' ? 'exists' : 'write', replicas: answer.value.outcome === 'exists' ? [] : this.wire(answer.value.replicas) };
      if (answer.error.kind === 'in-progress') return { key, status: 'pending', replicas: [] };
      if (answer.error.kind === 'no-space') return { key, status: 'no-space', replicas: [] };
      return { key, status: answer.error.kind === 'invalid-request' ? `invalid: ${answer.error.field} ${answer.error.reason}` : 'retry', replicas: [] };
    });
    callback(null, { targets });
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
    for (const answer of answers) if (answer.ok) for (const command of answer.value) await this.pool.node.apply(command);
    callback(null, { outcomes: answers.map((answer, i) => ({ key: keys.value[i]!, status: answer.ok ? 'ok' : answer.error.kind === 'complete' ? 'not-pending' : answer.error.kind })) });
  }

  async get(call: ServerUnaryCall<GetRequest__Output, GetReply>, callback: Reply<GetReply>): Promise<void> {
    const keys = parseKeys(call.request.keys);
    if (!keys.ok) return callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const hits = await this.pool.master.get(keys.value);
    let found = 0;
    const items = hits.map((hit, i) => {
      if (!hit.ok) return { key: keys.value[i]!, found: false, replicas: [], sizeBytes: 0 };
      found += 1;
      return { key: hit.value.key, found: true, replicas: this.wire(hit.value.replicas), sizeBytes: hit.value.sizeBytes };
    });
    this.metrics.get('tsukimi_kvpool_hits_total').inc(found);
    this.metrics.get('tsukimi_kvpool_misses_total').inc(items.length - found);
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
    for (const answer of answers) if (answer.ok) for (const command of answer.value) await this.pool.node.apply(command);
    callback(null, {
      outcomes: answers.map((answer, i) => ({
        key: keys.value[i]!,
        status: answer.ok ? 'ok' : answer.error.kind === 'hard-pinned' ? 'pinned' : answer.error.kind === 'in-progress' ? 'pending' : answer.error.kind,
      })),
    });
  }

  stats(_call: ServerUnaryCall<unknown, StatsReply>, callback: Reply<StatsReply>): void {
    const usage = this.pool.node.usage();
    const nodeId = this.pool.node.nodeId;
    const tiers = (Object.entries(usage) as [NodeTier, { usedBytes: number; capacityBytes: number; blocks: number } | undefined][])
      .filter(([, u]) => u !== undefined)
      .map(([tier, u]) => ({ nodeId, tier, usedBytes: u!.usedBytes, capacityBytes: u!.capacityBytes, blocks: u!.blocks }));
    callback(null, { tiers, completeBlocks: tiers.reduce((n, t) => n + t.blocks, 0), pendingBlocks: 0 });
  }

  private wire(replicas: readonly StoreReplica[]): Replica[] {
    return replicas.flatMap((replica) => {
      const endpoint = this.nodes.endpointOf(replica.nodeId);
      return endpoint === undefined ? [] : [{ nodeId: replica.nodeId, host: endpoint.host, port: endpoint.port, tier: replica.tier }];
    });
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
