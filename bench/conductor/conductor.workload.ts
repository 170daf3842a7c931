import { type BlockKey, type BlockKeyHasher } from '@tsukimi/kv-block';
import { type Random } from '@tsukimi/kv-store';
import { decodeBatchLoad, type DecodeWork, type GlobalPrefixIndex, instanceId, type InstanceSnapshot, type PoolReplica, type QueuedPrefill, requestWithKeySequence, type ScheduleRequest } from '@tsukimi/scheduler';

/** The cluster and traffic the scheduling benchmark models. */
export interface WorkloadShape {
  readonly prefillInstances: number;
  readonly decodeInstances: number;
  readonly poolNodes: number;
  readonly promptTokens: number;
  /** Shared prefixes (system prompts, documents) that many conversations start with. */
  readonly groups: number;
  /** Multi-turn conversations: a group prefix plus their own history. */
  readonly conversations: number;
  readonly tenants: number;
}

/** A request before hashing: the scheduler's request less its block keys, plus the prompt's tokens. */
export interface Prompt extends Omit<ScheduleRequest, 'blockKeys'> {
  readonly tokens: Uint32Array;
}

interface Conversation {
  readonly sessionId: string;
  readonly tenant: string;
  /** Group prefix then history, a whole number of blocks. */
  readonly tokens: Uint32Array;
}

/**
 * Shared-prefix traffic: every prompt is a group prefix (1k–6k tokens), a conversation's history
 * (0.5k–1.5k tokens) and a fresh tail up to the prompt length. Popular groups and conversations
 * come up more often (squared uniform draws), so some prefixes are hot.
 */
export class SharedPrefixWorkload {
  private readonly conversations: Conversation[] = [];

  constructor(
    private readonly random: Random,
    private readonly hasher: BlockKeyHasher,
    readonly shape: WorkloadShape,
  ) {
    const block = hasher.blockSizeTokens;
    const groups = Array.from({ length: shape.groups }, () => this.tokens(block * this.between(64, 384)));
    for (let i = 0; i < shape.conversations; i++) {
      const group = groups[this.skewed(shape.groups)]!;
      const history = this.tokens(block * this.between(32, 96));
      const tokens = new Uint32Array(group.length + history.length);
      tokens.set(group);
      tokens.set(history, group.length);
      this.conversations.push({ sessionId: `session-${i}`, tenant: `tenant-${i % shape.tenants}`, tokens });
    }
  }

  /** One request as it reaches the conductor: tokens, not yet hashed into block keys. */
  prompt(): Prompt {
    const conversation = this.conversations[this.skewed(this.conversations.length)]!;
    const tokens = new Uint32Array(this.shape.promptTokens);
    tokens.set(conversation.tokens);
    for (let i = conversation.tokens.length; i < tokens.length; i++) tokens[i] = this.token();
    const priority = this.random.next() < 0.1 ? 'high' : this.random.next() < 0.2 ? 'low' : 'normal';
    return { tokens, promptTokens: tokens.length, maxTokens: 256, tenant: conversation.tenant, sessionId: conversation.sessionId, priority };
  }

  /**
   * One request's prompt, hashed: `sequence` as the benchmark hashes it (key words, text spelled
   * on demand), `strings` as keys spelled up front, `text-only` as keys with no words at all.
   */
  request(keyForm: 'sequence' | 'strings' | 'text-only' = 'sequence'): ScheduleRequest {
    const { tokens, ...request } = this.prompt();
    const sequence = this.hasher.sequence(tokens);
    if (keyForm === 'sequence') return requestWithKeySequence(sequence, request);
    return { ...request, blockKeys: sequence.keys, ...(keyForm === 'strings' ? { blockKeyWords: sequence.words } : {}) };
  }

  /** Fills the index as a warm cluster would be: recent prompts in instances' memory, conversation prefixes in pool DRAM, everything in SSD. */
  populate(index: GlobalPrefixIndex, promptsPerInstance: number): void {
    for (let p = 0; p < this.shape.prefillInstances; p++) {
      for (let i = 0; i < promptsPerInstance; i++) index.reportDevice(instanceId(`prefill-${p}`), this.request().blockKeys);
    }
    const replicas: PoolReplica[] = [];
    for (const conversation of this.conversations) {
      const keys = this.hasher.keys(conversation.tokens);
      const ssd = `node-${this.index(this.shape.poolNodes)}`;
      for (const key of keys) replicas.push({ key, nodeId: ssd, tier: 'ssd' });
      if (this.random.next() < 0.5) this.replicate(replicas, keys, 'dram', 2);
    }
    index.load({ epoch: 'bench', lastEventId: 0, replicas });
  }

  prefillSnapshots(): InstanceSnapshot[] {
    return Array.from({ length: this.shape.prefillInstances }, (_, p) => {
      const queued: QueuedPrefill[] = Array.from({ length: this.index(4) }, () => ({ promptTokens: this.shape.promptTokens, reusedTokens: this.index(6000) }));
      const tokens = queued.reduce((sum, q) => sum + q.promptTokens, 0);
      return { id: instanceId(`prefill-${p}`), role: 'prefill', routable: true, inFlightRequests: queued.length, inFlightTokens: tokens, queuedPrefills: queued };
    });
  }

  decodeSnapshots(): InstanceSnapshot[] {
    return Array.from({ length: this.shape.decodeInstances }, (_, d) => {
      const batch: DecodeWork[] = Array.from({ length: this.between(8, 40) }, () => ({ contextTokens: this.between(2048, 9000), remainingTokens: this.between(1, 512) }));
      return { id: instanceId(`decode-${d}`), role: 'decode', routable: true, inFlightRequests: batch.length, inFlightTokens: 0, decodeBatch: batch, decodeBatchLoad: decodeBatchLoad(batch) };
    });
  }

  /** In-flight requests per tenant, as the conductor would count them. */
  tenantLoad(): Map<string, number> {
    return new Map(Array.from({ length: this.shape.tenants }, (_, t) => [`tenant-${t}`, this.between(1, 40)]));
  }

  private replicate(replicas: PoolReplica[], keys: readonly BlockKey[], tier: 'dram', copies: number): void {
    for (let c = 0; c < copies; c++) {
      const nodeId = `node-${this.index(this.shape.poolNodes)}`;
      for (const key of keys) replicas.push({ key, nodeId, tier });
    }
  }

  private tokens(count: number): Uint32Array {
    const tokens = new Uint32Array(count);
    for (let i = 0; i < count; i++) tokens[i] = this.token();
    return tokens;
  }

  private token(): number {
    return this.index(32000);
  }

  private index(length: number): number {
    return Math.min(length - 1, Math.floor(this.random.next() * length));
  }

  private between(low: number, high: number): number {
    return low + this.index(high - low + 1);
  }

  /** Low indices more often: a squared uniform draw puts half the picks in the first quarter. */
  private skewed(length: number): number {
    return Math.min(length - 1, Math.floor(this.random.next() ** 2 * length));
  }
}
