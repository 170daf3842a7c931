import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type LeaseBook } from './lease-book.port';
import { type LeaseRun } from './lease.runs';
import { MemoryLeaseBook } from './memory-lease.book';
import { PromptCacheLeases } from './prompt-cache.leases';
import { type LeaseOutcome, type PoolUnavailable, type PromptCachePool } from './prompt-cache.ports';

const KIB = 1024;
const T0 = 1_000_000;

/** A pool answering every hold with `heldBlocks`, or unavailable. */
function poolHolding(heldBlocks: number | 'down'): PromptCachePool & { holds: number } {
  const pool = {
    holds: 0,
    hold: (): Promise<Result<{ readonly heldBlocks: number }, PoolUnavailable>> => {
      pool.holds += 1;
      return Promise.resolve(heldBlocks === 'down' ? err({ kind: 'pool-unavailable', message: 'down' }) : ok({ heldBlocks }));
    },
  };
  return pool;
}

function run(id: number, sizeBytes: number, ttlMs = 10_000): LeaseRun {
  const key = blockKeyFromU64(BigInt(id));
  return { leaseId: key, keys: [key], sizeBytes, ttlMs, endTokens: 16 };
}

function setup(pool: PromptCachePool, book: LeaseBook = new MemoryLeaseBook()) {
  const counted: Record<string, number> = {};
  const metrics = {
    leased: (_: string, outcome: LeaseOutcome) => (counted[outcome] = (counted[outcome] ?? 0) + 1),
    refused: () => (counted.refused = (counted.refused ?? 0) + 1),
    expired: () => undefined,
    heldBytes: (_: string, bytes: number) => (counted.heldBytes = bytes),
  };
  return { leases: new PromptCacheLeases(book, () => 100 * KIB, pool, metrics, { nowMs: () => T0 }), counted, book };
}

describe('PromptCacheLeases', () => {
  it('charges at admission, so a second request admitted before the first takes its lease is refused', async () => {
    const { leases, counted } = setup(poolHolding(1));
    const first = await leases.admit('t', [run(1, 6 * KIB)]);
    expect(first.ok).toBe(true);
    expect(await leases.admit('t', [run(2, 6 * KIB)])).toMatchObject({ ok: false, error: { kind: 'over-quota', availableByteSeconds: 40 * KIB } });
    if (!first.ok) return;
    expect((await leases.take(first.value)).map((r) => r.outcome)).toEqual(['created']);
    expect(counted).toEqual({ created: 1, refused: 1, heldBytes: 6 * KIB });
  });

  it.each([
    ['the pool holds none of its blocks', poolHolding(0), 'not-stored'],
    ['the pool is unreachable', poolHolding('down'), 'pool-unavailable'],
  ])('gives the charge back when %s', async (_, pool, outcome) => {
    const { leases, book } = setup(pool);
    const admitted = await leases.admit('t', [run(1, 6 * KIB)]);
    if (!admitted.ok) throw new Error('refused');
    expect((await leases.take(admitted.value)).map((r) => r.outcome)).toEqual([outcome]);
    expect(await book.held('t', T0)).toMatchObject({ ok: true, value: { heldBytes: 0 } });
  });

  it('gives the charge back for a request released unserved, and only once taken or released', async () => {
    const { leases, book } = setup(poolHolding(1));
    const admitted = await leases.admit('t', [run(1, 6 * KIB)]);
    if (!admitted.ok) throw new Error('refused');
    await leases.release(admitted.value);
    expect(await leases.take(admitted.value)).toEqual([]);
    expect(await book.held('t', T0)).toMatchObject({ ok: true, value: { heldBytes: 0 } });
    expect((await leases.admit('t', [run(2, 10 * KIB)])).ok).toBe(true);
  });

  it('serves without taking the leases when the book cannot be asked', async () => {
    const down = new MemoryLeaseBook();
    down.charge = () => Promise.resolve(err({ kind: 'unavailable', message: 'redis down' }));
    const pool = poolHolding(1);
    const { leases, counted } = setup(pool, down);
    const admitted = await leases.admit('t', [run(1, 6 * KIB)]);
    if (!admitted.ok) throw new Error('refused');
    expect((await leases.take(admitted.value)).map((r) => r.outcome)).toEqual(['ledger-unavailable']);
    expect(pool.holds).toBe(0);
    expect(counted.refused).toBeUndefined();
  });
});
