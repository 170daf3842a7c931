import { expectOk } from '@tsukimi/result';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { PromptDigests } from '../pool/prompt-digests';
import { engine, text } from '../testing/serving-fixtures';
import { BlockPrefetch } from './block-prefetch';

const monotonicMs = () => performance.now();

/** A prompt of `blocks` full blocks computed on an engine of its own: the prefill side. */
async function computedPrompt(blocks: number) {
  const source = engine();
  const prompt = text('The rabbits on the moon pound mochi by the light of the earth. '.repeat(8).slice(0, blocks * 16));
  const sequence = source.openSequence();
  expectOk(await source.prefill(sequence, prompt), 'prefill');
  const keys = source.blockKeys(prompt);
  const digests = new PromptDigests(source).of(prompt, keys);
  const read = (key: (typeof keys)[number]) => {
    const bytes = source.exportBlock(key, digests.get(key));
    return bytes.ok ? bytes.value : undefined;
  };
  return { keys, digests, read };
}

/** `pool`, counting the looks made at it. */
function countingLooks(pool: MemoryKvPool): { pool: KvPoolClient; looks: () => number } {
  let looks = 0;
  return {
    pool: {
      fetchPrefix: (keys, options) => ((looks += 1), pool.fetchPrefix(keys, options)),
      fetchFrom: (node, keys) => pool.fetchFrom(node, keys),
      store: (keys, read, options) => pool.store(keys, read, options),
      storeInParts: () => pool.storeInParts(),
    },
    looks: () => looks,
  };
}

describe('BlockPrefetch', () => {
  it('a look waits for the prompt\'s last block and reads every block stored by then in one lookup, answered as it lands', async () => {
    const { keys, digests, read } = await computedPrompt(6);
    const pool = new MemoryKvPool();
    const counting = countingLooks(pool);
    const decode = engine();
    const imports: number[] = [];
    let imported!: () => void;
    const all = new Promise<void>((resolve) => (imported = resolve));
    // Waits of ten minutes: only an answer on arrival imports within the test's timeout.
    const prefetch = new BlockPrefetch(decode, counting.pool, { waitMs: 600_000, deadlineMs: 600_000, monotonicMs, onImported: (n) => (imports.push(n), imported()) });
    prefetch.start('r', keys, digests);
    // The prefill's chunks land one after another, the event loop turning between them.
    for (const chunk of [keys.slice(0, 2), keys.slice(2, 4), keys.slice(4)]) {
      expectOk(await pool.store(chunk, read), 'chunk');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await all;
    expect(imports).toEqual([6]);
    expect(counting.looks()).toBe(1);
    await expect(prefetch.finish('r')).resolves.toEqual({ dram: 6, ssd: 0 });
  });

  it('once the last block is in, a look waits for the first block still missing rather than asking again at once', async () => {
    const { keys, digests, read } = await computedPrompt(6);
    const pool = new MemoryKvPool();
    const counting = countingLooks(pool);
    // Block 2 lands last, after the prompt's last block.
    expectOk(await pool.store([...keys.slice(0, 2), ...keys.slice(3)], read), 'all but one');
    const decode = engine();
    let firstRun!: () => void;
    const leading = new Promise<void>((resolve) => (firstRun = resolve));
    const prefetch = new BlockPrefetch(decode, counting.pool, { waitMs: 600_000, deadlineMs: 600_000, monotonicMs, onImported: () => firstRun() });
    prefetch.start('r', keys, digests);
    await leading;
    expect(decode.cachedPrefixBlocks(keys)).toBe(2);
    // A look asking again at once would spin here; one waiting for block 2 is answered as it lands.
    expectOk(await pool.store([keys[2]!], read), 'the late block');
    await expect(prefetch.finish('r')).resolves.toEqual({ dram: 6, ssd: 0 });
    expect(counting.looks()).toBe(2);
  });

  it('finish on an empty pool gives up after finishIdleMs with nothing imported', async () => {
    const e = engine();
    const prefetch = new BlockPrefetch(e, new MemoryKvPool(), { waitMs: 20, deadlineMs: 600_000, finishIdleMs: 50, monotonicMs });
    const keys = e.blockKeys(text('x'.repeat(64)));
    prefetch.start('r', keys, new PromptDigests(e).of(text('x'.repeat(64)), keys));
    expect(prefetch.active).toBe(1);
    await expect(prefetch.finish('r')).resolves.toEqual({ dram: 0, ssd: 0 });
    expect(prefetch.active).toBe(0);
  });

  it('a request never prefetched finishes at once with nothing imported', async () => {
    const prefetch = new BlockPrefetch(engine(), new MemoryKvPool(), { waitMs: 1, deadlineMs: 100, monotonicMs });
    await expect(prefetch.finish('never')).resolves.toEqual({ dram: 0, ssd: 0 });
  });

  it('after finish it waits for the blocks still being stored and imports them; only those imported before finish count as prefetched', async () => {
    const { keys, digests, read } = await computedPrompt(8);
    const pool = new MemoryKvPool();
    expectOk(await pool.store(keys.slice(0, 3), read), 'first chunk');
    const decode = engine();
    let early = 0;
    let firstLook: () => void = () => undefined;
    const looked = new Promise<void>((resolve) => (firstLook = resolve));
    // Looks of 20 ms: the first, waiting for the last block, ends with the three stored by then.
    const prefetch = new BlockPrefetch(decode, pool, {
      waitMs: 20,
      deadlineMs: 600_000,
      finishIdleMs: 60_000,
      monotonicMs,
      onImported: (blocks) => {
        early += blocks;
        firstLook();
      },
    });
    prefetch.start('r', keys, digests);
    await looked;
    const finished = prefetch.finish('r');
    // The prefill's last chunks land after the decode came: finish resolves only once they are in.
    expectOk(await pool.store(keys.slice(3, 6), read), 'second chunk');
    expectOk(await pool.store(keys.slice(6), read), 'last chunk');
    await expect(finished).resolves.toEqual({ dram: 8, ssd: 0 });
    expect(decode.cachedPrefixBlocks(keys)).toBe(8);
    expect(early).toBe(3);
  });

  it('after finish a block that never comes ends the wait once finishIdleMs passes without one: the decode recomputes from there', async () => {
    const { keys, digests, read } = await computedPrompt(6);
    const pool = new MemoryKvPool();
    // Block 2 never reaches the pool: only the run before it can load.
    expectOk(await pool.store([...keys.slice(0, 2), ...keys.slice(3)], read), 'all but one');
    const decode = engine();
    const prefetch = new BlockPrefetch(decode, pool, { waitMs: 10, deadlineMs: 600_000, finishIdleMs: 30, monotonicMs });
    prefetch.start('r', keys, digests);
    await expect(prefetch.finish('r')).resolves.toEqual({ dram: 2, ssd: 0 });
    expect(decode.cachedPrefixBlocks(keys)).toBe(2);
  });
});
