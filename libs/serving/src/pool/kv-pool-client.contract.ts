import { blockKeyFromU64, type BlockKey, encodeBlock, modelHashFromU64 } from '@tsukimi/kv-block';
import { type KvPoolClient } from './kv-pool-client.port';

/** A pool under test and how to tear it down. */
export interface KvPoolUnderTest {
  readonly pool: KvPoolClient;
  /** The one pool node that stores every block. */
  readonly nodeId: string;
  close(): Promise<void>;
}

const key = (n: number): BlockKey => blockKeyFromU64(BigInt(n) * 0x9e3779b97f4a7c15n & 0xffff_ffff_ffff_ffffn);
/** A sound encoded block under `key(n)` (pool nodes verify what they are given), its payload a function of n. */
const bytesOf = (n: number, blockSizeTokens = 16): Uint8Array =>
  encodeBlock({
    key: key(n),
    modelHash: modelHashFromU64(0x7e57n),
    layout: { layers: 2, kvHeads: 2, headDim: 16, blockSizeTokens, dtype: 'f32' },
    payload: Uint8Array.from({ length: 2 * 2 * 2 * 16 * blockSizeTokens * 4 }, (_, i) => (n * 31 + i) % 251),
  });
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const numberOf = (k: BlockKey): number => {
  for (let n = 0; n < 1000; n++) if (key(n) === k) return n;
  throw new Error(`unknown key ${k}`);
};

/**
 * What every `KvPoolClient` must do, run against the in-memory fake and against the real
 * kvpool client (gRPC control plane plus TCP data plane) alike. One pool serves every case:
 * each case uses keys no other case touches, so they cannot see each other's blocks, and a real
 * pool is started once rather than once a case.
 */
export function runKvPoolClientContract(name: string, start: () => Promise<KvPoolUnderTest>): void {
  describe(`KvPoolClient contract: ${name}`, () => {
    let subject: KvPoolUnderTest;
    beforeAll(async () => {
      subject = await start();
    }, 60_000);
    afterAll(async () => {
      await subject.close();
    }, 60_000);

    it('stores blocks and fetches them back byte for byte', async () => {
      const keys = [1, 2, 3].map(key);
      const stored = await subject.pool.store(keys, (k) => bytesOf(numberOf(k)));
      expect(stored).toEqual({ ok: true, value: { stored: 3, existing: 0 } });
      const fetched = await subject.pool.fetchPrefix(keys);
      expect(fetched.ok).toBe(true);
      if (!fetched.ok) return;
      expect(fetched.value.map((b) => b.key)).toEqual(keys);
      fetched.value.forEach((b, i) => expect(Buffer.from(b.bytes).equals(Buffer.from(bytesOf(i + 1)))).toBe(true));
    });

    it('fetches only the leading run of keys it holds', async () => {
      await subject.pool.store([key(10), key(11), key(13)], (k) => bytesOf(numberOf(k)));
      const fetched = await subject.pool.fetchPrefix([key(10), key(11), key(12), key(13)]);
      expect(fetched.ok && fetched.value.map((b) => b.key)).toEqual([key(10), key(11)]);
      const none = await subject.pool.fetchPrefix([key(12), key(10)]);
      expect(none).toEqual({ ok: true, value: [] });
    });

    it('reads only the blocks it does not already hold', async () => {
      await subject.pool.store([key(20)], () => bytesOf(20));
      const read: BlockKey[] = [];
      const stored = await subject.pool.store([key(20), key(21)], (k) => {
        read.push(k);
        return bytesOf(numberOf(k));
      });
      expect(stored).toEqual({ ok: true, value: { stored: 1, existing: 1 } });
      expect(read).toEqual([key(21)]);
    });

    it('a fresh store writes only what the pool lacks and counts the rest as existing', async () => {
      await subject.pool.store([key(60)], () => bytesOf(60));
      const stored = await subject.pool.store([key(60), key(61), key(62)], (k) => bytesOf(numberOf(k)), { fresh: true });
      expect(stored).toEqual({ ok: true, value: { stored: 2, existing: 1 } });
      const fetched = await subject.pool.fetchPrefix([key(60), key(61), key(62)]);
      expect(fetched.ok && fetched.value.map((b) => [b.key, Buffer.from(b.bytes).equals(Buffer.from(bytesOf(numberOf(b.key))))])).toEqual([
        [key(60), true],
        [key(61), true],
        [key(62), true],
      ]);
    });

    it('skips a block whose bytes are gone', async () => {
      const stored = await subject.pool.store([key(30), key(31)], (k) => (k === key(30) ? undefined : bytesOf(numberOf(k))));
      expect(stored).toEqual({ ok: true, value: { stored: 1, existing: 0 } });
      expect(await subject.pool.fetchPrefix([key(30)])).toEqual({ ok: true, value: [] });
    });

    it('reads from a named node the leading run it holds, and says why it stopped', async () => {
      await subject.pool.store([key(40), key(41), key(43)], (k) => bytesOf(numberOf(k)));
      const read = await subject.pool.fetchFrom(subject.nodeId, [key(40), key(41), key(42), key(43)]);
      expect(read.ok && read.value.blocks.map((b) => b.key)).toEqual([key(40), key(41)]);
      expect(read.ok && read.value.stoppedBy).toBe('missing');
      expect(read.ok && Buffer.from(read.value.blocks[1]!.bytes).equals(Buffer.from(bytesOf(41)))).toBe(true);
      const whole = await subject.pool.fetchFrom(subject.nodeId, [key(40), key(41)]);
      expect(whole.ok && whole.value.stoppedBy).toBeUndefined();
    });

    it('reads nothing from a node that does not hold the blocks, though the pool does', async () => {
      await subject.pool.store([key(50)], () => bytesOf(50));
      const read = await subject.pool.fetchFrom(`${subject.nodeId}-elsewhere`, [key(50)]);
      expect(read).toEqual({ ok: true, value: { blocks: [], stoppedBy: 'missing' } });
    });

    it('a fetch that waits is answered with the block stored while it waited, and the run behind it', async () => {
      // A wait far past the test's timeout: only an answer on arrival passes.
      const waiting = subject.pool.fetchPrefix([key(70), key(71)], { waitMs: 600_000 });
      expect((await subject.pool.store([key(70), key(71)], (k) => bytesOf(numberOf(k)), { fresh: true })).ok).toBe(true);
      const fetched = await waiting;
      expect(fetched.ok && fetched.value.map((b) => [b.key, Buffer.from(b.bytes).equals(Buffer.from(bytesOf(numberOf(b.key))))])).toEqual([
        [key(70), true],
        [key(71), true],
      ]);
    });

    it('a fetch that waits for a later block is answered when that one is stored, with the leading run stored by then', async () => {
      const waiting = subject.pool.fetchPrefix([key(72), key(73), key(74)], { waitMs: 600_000, waitFor: key(74) });
      // The first key landing does not end a wait for another: only the awaited block's arrival answers within the test's timeout.
      expect((await subject.pool.store([key(72), key(73)], (k) => bytesOf(numberOf(k)), { fresh: true })).ok).toBe(true);
      expect((await subject.pool.store([key(74)], () => bytesOf(74), { fresh: true })).ok).toBe(true);
      const fetched = await waiting;
      expect(fetched.ok && fetched.value.map((b) => [b.key, sameBytes(b.bytes, bytesOf(numberOf(b.key)))])).toEqual([72, 73, 74].map((n) => [key(n), true]));
    });

    it('a fetch that waits for a block never stored answers with nothing once the wait is over', async () => {
      await subject.pool.store([key(81)], () => bytesOf(81));
      expect(await subject.pool.fetchPrefix([key(80), key(81)], { waitMs: 20 })).toEqual({ ok: true, value: [] });
    });

    it('a store in parts makes each part readable as it is stored and counts blocks the pool held as existing', async () => {
      await subject.pool.store([key(92)], () => bytesOf(92));
      const parts = subject.pool.storeInParts([90, 91, 92, 93].map(key));
      const read = (k: BlockKey) => bytesOf(numberOf(k));
      expect(await parts.store([key(90), key(91)], read)).toEqual({ ok: true, value: { stored: 2, existing: 0 } });
      const early = await subject.pool.fetchPrefix([90, 91, 92, 93].map(key));
      expect(early.ok && early.value.map((b) => b.key)).toEqual([key(90), key(91), key(92)]);
      expect(await parts.store([key(92), key(93)], read)).toEqual({ ok: true, value: { stored: 1, existing: 1 } });
      await parts.close();
      const fetched = await subject.pool.fetchPrefix([90, 91, 92, 93].map(key));
      expect(fetched.ok && fetched.value.map((b) => [b.key, sameBytes(b.bytes, bytesOf(numberOf(b.key)))])).toEqual([90, 91, 92, 93].map((n) => [key(n), true]));
    });

    it('closing a store in parts leaves the blocks it never stored free for a later store to write', async () => {
      const parts = subject.pool.storeInParts([95, 96, 97].map(key));
      expect(await parts.store([key(95)], () => bytesOf(95))).toEqual({ ok: true, value: { stored: 1, existing: 0 } });
      await parts.close();
      expect(await subject.pool.store([key(96), key(97)], (k) => bytesOf(numberOf(k)))).toEqual({ ok: true, value: { stored: 2, existing: 0 } });
    });

    it('a store in parts takes a block of another size than its first one whole', async () => {
      const parts = subject.pool.storeInParts([98, 99].map(key));
      expect(await parts.store([key(98)], () => bytesOf(98))).toEqual({ ok: true, value: { stored: 1, existing: 0 } });
      expect(await parts.store([key(99)], () => bytesOf(99, 32))).toEqual({ ok: true, value: { stored: 1, existing: 0 } });
      await parts.close();
      const fetched = await subject.pool.fetchPrefix([key(98), key(99)]);
      expect(fetched.ok && fetched.value.map((b) => sameBytes(b.bytes, bytesOf(numberOf(b.key), numberOf(b.key) === 99 ? 32 : 16)))).toEqual([true, true]);
    });

    it('answers an empty request with nothing', async () => {
      expect(await subject.pool.fetchFrom(subject.nodeId, [])).toEqual({ ok: true, value: { blocks: [] } });
      expect(await subject.pool.fetchPrefix([])).toEqual({ ok: true, value: [] });
      expect(await subject.pool.store([], () => undefined)).toEqual({ ok: true, value: { stored: 0, existing: 0 } });
    });
  });
}
