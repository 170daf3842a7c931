import { type Engine, type GenerationParams } from '@tsukimi/engine';
import { expectOk } from '@tsukimi/result';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { PrefillWorker } from './prefill.worker';

const greedy: GenerationParams = { maxTokens: 4, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };

/** Holds every caller until opened; `arrived(n)` resolves once n callers wait. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let waiting = 0;
  const arrivals: { count: number; resolve: () => void }[] = [];
  return {
    open,
    async pass(): Promise<void> {
      waiting += 1;
      for (const a of arrivals.filter((candidate) => candidate.count <= waiting)) a.resolve();
      await opened;
    },
    arrived: (count: number) => (waiting >= count ? Promise.resolve() : new Promise<void>((resolve) => arrivals.push({ count, resolve }))),
  };
}

/** The real in-memory pool, its fetches held at `fetches`. */
function heldPool(fetches: ReturnType<typeof gate>): KvPoolClient {
  const pool = new MemoryKvPool();
  return {
    fetchPrefix: async (keys) => (await fetches.pass(), pool.fetchPrefix(keys)),
    fetchFrom: async (node, keys) => (await fetches.pass(), pool.fetchFrom(node, keys)),
    store: (keys, read) => pool.store(keys, read),
    storeInParts: () => pool.storeInParts(),
  };
}

/** The reference engine, its prefills held at `computes`. */
function heldEngine(computes: ReturnType<typeof gate>): Engine {
  const inner = engine();
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'prefill') return async (...args: Parameters<Engine['prefill']>) => (await computes.pass(), target.prefill(...args));
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('PrefillWorker load', () => {
  it('counts requests as queued while they load their prefix, computing while the engine runs, and neither once answered', async () => {
    const [fetches, computes] = [gate(), gate()];
    const worker = new PrefillWorker(heldEngine(computes), heldPool(fetches), systemClock);
    const prompts = [text('a prompt of more than one block of tokens'), text('another prompt, also longer than a block')];
    const running = prompts.map((prompt, i) => worker.prefill({ requestId: `r${i}`, promptTokens: prompt, tenantSalt: '', generation: greedy }));

    await fetches.arrived(2);
    expect(worker.load()).toEqual({ activeRequests: 2, activeTokens: prompts[0]!.length + prompts[1]!.length, queuedRequests: 2, computingRequests: 0 });
    fetches.open();
    await computes.arrived(2);
    expect(worker.load()).toMatchObject({ activeRequests: 2, queuedRequests: 0, computingRequests: 2 });
    computes.open();
    for (const done of await Promise.all(running)) await expectOk(done, 'prefill').handoff;
    expect(worker.load()).toEqual({ activeRequests: 0, activeTokens: 0, queuedRequests: 0, computingRequests: 0 });
  });
});
