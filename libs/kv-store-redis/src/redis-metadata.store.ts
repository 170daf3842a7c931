import { type BlockKey } from '@tsukimi/kv-block';
import {
  type BlockEntry,
  type EntryChange,
  type EntryCommitted,
  type EntryConflict,
  type EventBatch,
  type EventGap,
  type MetadataStore,
  type NodeId,
  type NodeRecord,
  type TierBytes,
  TIERS,
} from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { type Redis } from 'ioredis';
import { CorruptMetadataError, decodeEntry, decodeEvent, decodeNodeRecord, encodeEntryBody, encodeEventDraft, encodeNodeRecord } from './metadata.codec';
import { decodeReplicaToken } from './entry.codec';
import { BUCKETS, checkedNodeId, MetadataKeys } from './metadata.keys';
import { EVENTS_SINCE, GET_ENTRIES, LOG_HEAD, METADATA_SCRIPTS, SCAN_BUCKETS, SWAP_ENTRIES } from './metadata.scripts';

export interface RedisMetadataStoreOptions {
  /** Prefix of every key; `tsukimi:kv:` when absent. Pools sharing one Redis need distinct prefixes. */
  readonly prefix?: string;
  /** Events kept for `eventsSince`; 100 000 when absent. */
  readonly eventRetention?: number;
}

export const DEFAULT_PREFIX = 'tsukimi:kv:';

/** Keys per read script call: larger reads go as several calls in one pipeline, so one round trip still. */
const READ_CHUNK = 1000;

/**
 * Changes per swap script call, likewise: Redis runs nothing else while a script runs, and a
 * chunk of this size keeps that to a few milliseconds.
 */
export const SWAP_CHUNK = 256;

/**
 * The master's state in Redis, written through: any master over the same Redis and prefix sees
 * the same entries, node records and event log, so a standby or restarted one resumes at once.
 *
 * Entries live in `BUCKETS` small hashes by the top bits of their key (see `MetadataKeys`), each
 * node's block keys in a set; a scan reads the buckets in order.
 *
 * Round trips: `getEntries` one (one script reading each key from its bucket), `swapEntry` and
 * `swapEntries` one (EVALSHA of one script that, per change, checks the revision, writes the
 * entry, keeps the indexes and appends the events atomically; a batch of more than `SWAP_CHUNK`
 * changes goes as several calls sent together), `usedBytes`, `usedBytesByNode`, node reads and writes, `eventLogHead` and
 * `eventsSince` one each; `entriesOnNode` and `pendingEntries` two (the index, then the entries);
 * `scanEntries` one per page (a script reading buckets until it has a page's worth).
 * The connection's failures reject, as the port has no outcome for them.
 */
export class RedisMetadataStore implements MetadataStore {
  readonly keys: MetadataKeys;
  private readonly retention: number;

  constructor(
    private readonly redis: Redis,
    options: RedisMetadataStoreOptions = {},
  ) {
    this.keys = new MetadataKeys(options.prefix ?? DEFAULT_PREFIX);
    this.retention = options.eventRetention ?? 100_000;
    if (!Number.isSafeInteger(this.retention) || this.retention < 1) throw new RangeError(`event retention must be a positive integer, got ${this.retention}`);
  }

  /** Caches the scripts on the server, so the first writes need not send them. */
  async loadScripts(): Promise<void> {
    await Promise.all(METADATA_SCRIPTS.map((script) => script.load(this.redis)));
  }

  async getEntries(keys: readonly BlockKey[]): Promise<readonly (BlockEntry | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.read(keys);
    return keys.map((key, i) => {
      const value = values[i];
      return value === null || value === undefined ? undefined : decodeEntry(key, value);
    });
  }

  async swapEntry(change: EntryChange): Promise<Result<EntryCommitted, EntryConflict>> {
    const [answer] = await this.swapEntries([change]);
    return answer!;
  }

  async swapEntries(changes: readonly EntryChange[]): Promise<Result<EntryCommitted, EntryConflict>[]> {
    return inChunks(changes, SWAP_CHUNK, (part) => this.swapChunk(part));
  }

  async entriesOnNode(nodeId: NodeId): Promise<readonly BlockEntry[]> {
    return this.present((await this.redis.smembers(this.keys.node(nodeId))) as BlockKey[]);
  }

  async pendingEntries(): Promise<readonly BlockEntry[]> {
    const keys = (await this.redis.smembers(this.keys.pending)) as BlockKey[];
    return (await this.present(keys)).filter((entry) => entry.status === 'pending');
  }

  async *scanEntries(pageSize = 1000): AsyncIterable<readonly BlockEntry[]> {
    const page: BlockEntry[] = [];
    for (let bucket = 0; bucket < BUCKETS; ) {
      const [next, ...fields] = (await SCAN_BUCKETS.run(this.redis, [], [this.keys.bucketPrefix, bucket, BUCKETS, pageSize])) as [number, ...string[]];
      for (let i = 0; i < fields.length; i += 2) page.push(decodeEntry(fields[i] as BlockKey, fields[i + 1]!));
      while (page.length >= pageSize) yield page.splice(0, pageSize);
      bucket = Number(next);
    }
    if (page.length > 0) yield page;
  }

  async usedBytes(nodeId: NodeId): Promise<TierBytes> {
    const values = await this.redis.hmget(this.keys.ledger, ...this.keys.ledgerFields(nodeId));
    return Object.fromEntries(TIERS.flatMap((tier, i) => (values[i] == null ? [] : [[tier, Number(values[i])]])));
  }

  async usedBytesByNode(): Promise<ReadonlyMap<NodeId, TierBytes>> {
    const fields = await this.redis.hgetall(this.keys.ledger);
    const used = new Map<NodeId, Record<string, number>>();
    for (const [field, value] of Object.entries(fields)) {
      const { nodeId, tier } = decodeReplicaToken(field, 'ledger field');
      const tiers = used.get(nodeId) ?? {};
      tiers[tier] = Number(value);
      used.set(nodeId, tiers);
    }
    return used;
  }

  async putNode(record: NodeRecord): Promise<void> {
    await this.redis.hset(this.keys.nodes, checkedNodeId(record.nodeId), encodeNodeRecord(record));
  }

  async getNode(nodeId: NodeId): Promise<NodeRecord | undefined> {
    const stored = await this.redis.hget(this.keys.nodes, checkedNodeId(nodeId));
    return stored === null ? undefined : decodeNodeRecord(stored);
  }

  async listNodes(): Promise<readonly NodeRecord[]> {
    return (await this.redis.hvals(this.keys.nodes)).map(decodeNodeRecord);
  }

  async deleteNode(nodeId: NodeId): Promise<boolean> {
    return (await this.redis.hdel(this.keys.nodes, checkedNodeId(nodeId))) === 1;
  }

  async eventLogHead(): Promise<{ readonly epoch: string; readonly lastEventId: number }> {
    const [epoch, last] = (await LOG_HEAD.run(this.redis, this.logKeys(), [])) as [string, number];
    return { epoch, lastEventId: Number(last) };
  }

  async eventsSince(epoch: string, afterId: number, limit = 1000): Promise<Result<EventBatch, EventGap>> {
    if (!Number.isSafeInteger(afterId) || !Number.isSafeInteger(limit)) throw new RangeError(`event ids and limits are integers, got ${afterId} and ${limit}`);
    const [current, last, reason, ...events] = (await EVENTS_SINCE.run(this.redis, this.logKeys(), [epoch, afterId, limit])) as [string, number, string, ...string[]];
    const lastEventId = Number(last);
    if (reason === 'epoch' || reason === 'ahead' || reason === 'expired') return err({ kind: 'gap', reason, epoch: current, lastEventId });
    if (reason !== '') throw new CorruptMetadataError(`event log answered an unknown gap ${reason}`);
    return ok({ events: events.map(decodeEvent), lastEventId });
  }

  private async swapChunk(changes: readonly EntryChange[]): Promise<Result<EntryCommitted, EntryConflict>[]> {
    if (changes.length === 0) return [];
    const { keys } = this;
    const buckets: string[] = [];
    const args: (string | number)[] = [this.retention, keys.nodePrefix];
    for (const change of changes) {
      buckets.push(keys.bucket(change.key));
      const body = change.next === undefined ? '' : encodeEntryBody({ ...change.next, key: change.key });
      args.push(change.key, change.expected?.revision ?? 0, body, change.events.length);
      for (const event of change.events) args.push(encodeEventDraft(event));
    }
    const reply = (await SWAP_ENTRIES.run(this.redis, [keys.epoch, keys.seq, keys.events, keys.pending, keys.ledger, ...buckets], args)) as (number | string)[];
    return changes.map((change, i) => {
      const [committed, second, third] = [reply[3 * i], reply[3 * i + 1], reply[3 * i + 2]];
      if (committed !== 1) return err({ kind: 'conflict', current: second === '' ? undefined : decodeEntry(change.key, String(second)) });
      const firstId = Number(third);
      const entry = change.next === undefined ? undefined : { ...change.next, key: change.key, revision: Number(second) };
      return ok({ entry, events: change.events.map((event, j) => ({ id: firstId + j, ...event })) });
    });
  }

  private logKeys(): string[] {
    return [this.keys.epoch, this.keys.seq, this.keys.events];
  }

  /** The entries still there, of keys read from an index a moment before. */
  private async present(keys: readonly BlockKey[]): Promise<BlockEntry[]> {
    return (await this.getEntries(keys)).filter((entry): entry is BlockEntry => entry !== undefined);
  }

  private read(keys: readonly BlockKey[]): Promise<(string | null)[]> {
    return inChunks(keys, READ_CHUNK, async (part) => (await GET_ENTRIES.run(this.redis, part.map((key) => this.keys.bucket(key)), part)) as (string | null)[]);
  }
}

/**
 * `run` over `items` in chunks of at most `size`, the answers in order. The chunks are sent
 * together, so they share one round trip, and one connection keeps them in order on the server.
 */
async function inChunks<T, R>(items: readonly T[], size: number, run: (part: readonly T[]) => Promise<R[]>): Promise<R[]> {
  if (items.length <= size) return run(items);
  const parts: Promise<R[]>[] = [];
  for (let start = 0; start < items.length; start += size) parts.push(run(items.slice(start, start + size)));
  return (await Promise.all(parts)).flat();
}
