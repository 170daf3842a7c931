import { type BlockKey } from '@tsukimi/kv-block';
import { type PutItem, type PutTarget__Output } from '@tsukimi/proto';
import { ok, type Result } from '@tsukimi/result';
import { type PartedStore, type PoolFailure, type StoreReport } from '@tsukimi/serving';

/** The steps of the pool's two-phase put that a reserved put is made of. */
export interface PutSteps {
  putStart(items: readonly PutItem[]): Promise<Result<PutTarget__Output[], PoolFailure>>;
  /** Writes the targets to write and ends their puts; answers how many were stored. */
  complete(targets: readonly PutTarget__Output[], bytesOf: ReadonlyMap<BlockKey, Uint8Array>): Promise<Result<number, PoolFailure>>;
  revoke(keys: readonly BlockKey[]): Promise<void>;
  /** A whole put of blocks the reservation does not cover. */
  store(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined): Promise<Result<StoreReport, PoolFailure>>;
}

interface Reservation {
  readonly sizeBytes: number;
  readonly targets: ReadonlyMap<BlockKey, PutTarget__Output>;
}

/**
 * A prompt's blocks stored in parts with one put start for all of them: the first part reserves
 * room for every block, sized as its own first block (a prompt's blocks share one layout), so each
 * later part costs a write and a put end instead of three round trips. A block the reservation
 * does not fit (another size, no room, unknown key) goes through a whole put of its own.
 */
export class ReservedPut implements PartedStore {
  private reservation: Promise<Result<Reservation, PoolFailure>> | undefined;
  /** Reserved blocks this put is done with: written, or released to go through a put of their own. */
  private readonly settled = new Set<BlockKey>();

  constructor(
    private readonly keys: readonly BlockKey[],
    private readonly steps: PutSteps,
  ) {}

  async store(part: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined): Promise<Result<StoreReport, PoolFailure>> {
    const exported = new Map<BlockKey, Uint8Array>();
    for (const key of part) {
      const bytes = read(key);
      if (bytes) exported.set(key, bytes);
    }
    const first = exported.values().next();
    if (first.done) return ok({ stored: 0, existing: 0 });
    this.reservation ??= this.reserve(first.value.length);
    const reserved = await this.reservation;
    if (!reserved.ok) return reserved;
    const toWrite: PutTarget__Output[] = [];
    const elsewhere: BlockKey[] = [];
    let existing = 0;
    for (const [key, bytes] of exported) {
      const target = reserved.value.targets.get(key);
      if (target?.status === 'exists' || target?.status === 'pending') existing++;
      else if (target?.status === 'write' && bytes.length === reserved.value.sizeBytes && !this.settled.has(key)) toWrite.push(target);
      else elsewhere.push(key);
    }
    const misfits = elsewhere.filter((key) => reserved.value.targets.get(key)?.status === 'write' && !this.settled.has(key));
    for (const key of [...toWrite.map((t) => t.key as BlockKey), ...misfits]) this.settled.add(key);
    // The reservation is released before the block's own put, which it would otherwise find pending.
    if (misfits.length > 0) await this.steps.revoke(misfits);
    const [completed, whole] = await Promise.all([
      this.steps.complete(toWrite, exported),
      elsewhere.length > 0 ? this.steps.store(elsewhere, (key) => exported.get(key)) : Promise.resolve(ok({ stored: 0, existing: 0 })),
    ]);
    if (!completed.ok) return completed;
    if (!whole.ok) return whole;
    return ok({ stored: completed.value + whole.value.stored, existing: existing + whole.value.existing });
  }

  async close(): Promise<void> {
    const reserved = await this.reservation;
    if (!reserved?.ok) return;
    const unused = [...reserved.value.targets.values()].filter((t) => t.status === 'write' && !this.settled.has(t.key as BlockKey)).map((t) => t.key as BlockKey);
    if (unused.length > 0) await this.steps.revoke(unused);
  }

  private async reserve(sizeBytes: number): Promise<Result<Reservation, PoolFailure>> {
    const started = await this.steps.putStart(this.keys.map((key, blockIndex) => ({ key, sizeBytes, blockIndex })));
    if (!started.ok) return started;
    return ok({ sizeBytes, targets: new Map(started.value.map((t) => [t.key as BlockKey, t])) });
  }
}
