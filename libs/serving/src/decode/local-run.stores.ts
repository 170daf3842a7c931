import { type Engine } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { type BlockDigests } from '../pool/prompt-digests';
import { type StoreTally, storeBlocks } from '../prefill/chunked-store';

/**
 * The pool stores of requests a decode instance ran whole: their prompt blocks go to the pool as a
 * prefill instance's would, so other instances can reuse a prompt computed here, but only after the
 * request's first token has gone out, so the store never delays it.
 */
export class LocalRunStores {
  private readonly pending = new Set<Promise<StoreTally>>();

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
    private readonly onStored?: (tally: StoreTally) => void,
  ) {}

  /**
   * Stores `keys` (at least one: with none, `sealed` would go unawaited) once `sealed` resolves and the caller's current turn of the event loop (in which
   * it writes the first token) is over; never rejects.
   */
  store(keys: readonly BlockKey[], sealed: Promise<void>, digests?: BlockDigests): Promise<StoreTally> {
    const afterFirstToken = new Promise<void>((resolve) => setImmediate(resolve));
    const stored = storeBlocks(this.engine, (k, read) => this.pool.store(k, read), keys, Promise.all([sealed, afterFirstToken]).then(() => undefined), digests).then((tally) => {
      this.onStored?.(tally);
      return tally;
    });
    this.pending.add(stored);
    void stored.finally(() => this.pending.delete(stored));
    return stored;
  }

  /** Resolves once every store begun so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
