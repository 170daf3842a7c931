import { type Engine } from '@tsukimi/engine';
import { type BlockCodecErrorKind, type BlockKey } from '@tsukimi/kv-block';
import { importLeadingBlocks } from '../pool/block-import';
import { type KvPoolClient, type PoolTier } from '../pool/kv-pool-client.port';
import { type BlockDigests } from '../pool/prompt-digests';

export interface BlockPrefetchOptions {
  /**
   * The longest one look waits for the pool to store the block it waits for (the prompt's last,
   * then the first it lacks): the pool answers as that block lands, so this bounds how late a look
   * sees the decode has come, and how many blocks a look leaves for the next while a long prompt
   * computes.
   */
  readonly waitMs: number;
  /** A prefetch gives up this long after it began: the request's decode loads or recomputes the rest. */
  readonly deadlineMs: number;
  /**
   * Once the request's decode has come, the prefetch gives up after this long without a block
   * arriving (1 s when absent): the decode then loads or recomputes the rest.
   */
  readonly finishIdleMs?: number;
  readonly monotonicMs: () => number;
  /** Told the blocks imported by each look that found some before the request's decode came. */
  readonly onImported?: (blocks: number) => void;
  /** Told the blocks a look read and the engine refused (corrupt, foreign, another prompt's digest), as it refuses them. */
  readonly onRefused?: (refused: readonly BlockCodecErrorKind[]) => void;
}

/** Set by `finish`. */
interface Control {
  /** The decode waits for the rest. */
  finishing: boolean;
  /** When a block last arrived, or `finish` came. */
  progressMs: number;
}

interface Running {
  readonly flag: Control;
  /** Blocks imported so far, by the tier they came from. */
  readonly imported: Record<PoolTier, number>;
  readonly done: Promise<void>;
}

/**
 * Loads a request's blocks into the engine while its prefill still computes them: the prefill
 * instance stores them chunk by chunk, and a look at the pool waits for the prompt's last block
 * (at most `waitMs`) and imports the leading run stored by then, so a prompt costs the decode, the
 * master and the pool node one lookup and one read (or one per `waitMs` of a long compute) rather
 * than one per chunk. Once a look is answered before its wait is over (the last block is in),
 * later looks wait for the first block the engine lacks, which a chunk stored out of order or
 * late may still hold back. It only warms the engine's memory: the
 * request's decode waits, bounded, for the last blocks (`finish`), then takes what is there and
 * loads or recomputes the rest, so a late, missing or corrupt block costs time, never a wrong token.
 */
export class BlockPrefetch {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly options: BlockPrefetchOptions,
  ) {}

  /** Requests being prefetched now. */
  get active(): number {
    return this.running.size;
  }

  /**
   * Begins loading `keys` for `requestId`; a second call for the same request is ignored. A block
   * whose header does not carry the digest `digests` gives its key is refused: a colliding key
   * must not put another prompt's KV into the engine, which would reuse it as this prompt's.
   */
  start(requestId: string, keys: readonly BlockKey[], digests: BlockDigests): void {
    if (this.running.has(requestId) || keys.length === 0) return;
    const flag: Control = { finishing: false, progressMs: this.options.monotonicMs() };
    const imported: Record<PoolTier, number> = { dram: 0, ssd: 0 };
    // Warming is best effort: whatever stops it, the decode loads or recomputes the rest.
    const deadlineMs = this.options.monotonicMs() + this.options.deadlineMs;
    const done = this.load(keys, digests, flag, imported, deadlineMs).catch(() => undefined);
    this.running.set(requestId, { flag, imported, done });
    // A prefetch whose decode never came is forgotten at its deadline.
    void done.then(() => {
      const forget = setTimeout(() => {
        if (this.running.get(requestId)?.flag === flag) this.running.delete(requestId);
      }, Math.max(0, deadlineMs - this.options.monotonicMs()));
      forget.unref();
    });
  }

  /**
   * The request's decode has come: the prefetch goes on until every block is in or none has
   * arrived for `finishIdleMs`, and resolves then with the blocks it imported by tier (none for a
   * request never prefetched). The prefill stores its last blocks just after its first token, when
   * the decode is called, so waiting for them beats recomputing them; a block that never comes is
   * recomputed by the decode.
   */
  async finish(requestId: string): Promise<Readonly<Record<PoolTier, number>>> {
    const running = this.running.get(requestId);
    if (!running) return { dram: 0, ssd: 0 };
    running.flag.finishing = true;
    running.flag.progressMs = this.options.monotonicMs();
    await running.done;
    this.running.delete(requestId);
    return running.imported;
  }

  private async load(keys: readonly BlockKey[], digests: BlockDigests, running: Control, tally: Record<PoolTier, number>, deadlineMs: number): Promise<void> {
    const { engine, pool, options } = this;
    const finishIdleMs = options.finishIdleMs ?? 1000;
    const last = keys[keys.length - 1];
    let lastStored = false;
    for (let now = options.monotonicMs(); now < deadlineMs; now = options.monotonicMs()) {
      const idleLeftMs = finishIdleMs - (now - running.progressMs);
      if (running.finishing && idleLeftMs <= 0) return;
      const own = engine.cachedPrefixBlocks(keys);
      if (own === keys.length) return;
      const waitMs = Math.min(options.waitMs, deadlineMs - now, running.finishing ? idleLeftMs : Infinity);
      const fetched = await pool.fetchPrefix(keys.slice(own), { waitMs, ...(lastStored ? {} : { waitFor: last }) });
      // An unreachable pool answers at once: wait as a look would have before asking again.
      if (!fetched.ok) await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
      else if (options.monotonicMs() - now < waitMs) lastStored = true;
      const report = importLeadingBlocks(engine, fetched.ok ? fetched.value : [], digests);
      if (report.refused.length > 0) options.onRefused?.(report.refused);
      tally.dram += report.imported.dram;
      tally.ssd += report.imported.ssd;
      const imported = report.imported.dram + report.imported.ssd;
      // A block the engine refuses (corrupt, foreign, no room) will not import on a later look either.
      if (report.refused.length > 0 || (fetched.ok && imported < fetched.value.length)) return;
      if (imported > 0) {
        running.progressMs = options.monotonicMs();
        if (!running.finishing) options.onImported?.(imported);
      }
    }
  }
}
