import * as fs from 'node:fs';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { KvPoolGrpcClient } from '@tsukimi/instance-kit';
import { decodeBlock, encodeBlock, type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { PromptDigests } from '@tsukimi/serving';
import { TcpTransport } from '@tsukimi/transfer';

/** Runs `work` with a reference engine that has computed `tokens` and a real pool client, then closes both. */
async function withComputed<T>(modelPath: string, kvpoolGrpcPort: number, tokens: readonly number[], work: (engine: ReferenceEngine, pool: KvPoolGrpcClient) => Promise<T>): Promise<T> {
  const engine = expectOk(ReferenceEngine.fromGguf(fs.readFileSync(modelPath)), 'reference engine');
  const transport = new TcpTransport();
  const pool = new KvPoolGrpcClient({ masters: [{ host: '127.0.0.1', port: kvpoolGrpcPort }], transport, timeoutMs: 10_000 });
  const sequence = engine.openSequence();
  try {
    const prefilled = expectOk(await engine.prefill(sequence, tokens), 'prefill');
    await prefilled.sealed;
    return await work(engine, pool);
  } finally {
    engine.closeSequence(sequence);
    pool.close();
    await transport.close();
  }
}

/**
 * Puts a prompt's full blocks in the pool as the model run alone computes them, through the
 * real pool client, so that the pool holds a prefix no instance has in its memory.
 */
export function seedPool(modelPath: string, kvpoolGrpcPort: number, tokens: readonly number[]): Promise<number> {
  return withComputed(modelPath, kvpoolGrpcPort, tokens, async (engine, pool) => {
    const keys = engine.blockKeys(tokens, '');
    const digests = new PromptDigests(engine).of(tokens, keys);
    const stored = expectOk(await pool.store(keys, (key) => expectOk(engine.exportBlock(key, digests.get(key)), 'export')), 'store');
    return stored.stored + stored.existing;
  });
}

/**
 * Puts blocks in the pool under the keys of `tokens` that are really the blocks of `other` (a
 * prompt of as many full blocks): each is the other prompt's KV and carries its digest, under this
 * prompt's key, soundly encoded. This is what a 64-bit key collision leaves in the pool; only the
 * digest tells a reader it is not the block it asked for.
 */
export function seedPoolWithCollisions(modelPath: string, kvpoolGrpcPort: number, tokens: readonly number[], other: readonly number[]): Promise<number> {
  return withComputed(modelPath, kvpoolGrpcPort, other, async (engine, pool) => {
    const keys = engine.blockKeys(tokens, '');
    const otherKeys = engine.blockKeys(other, '');
    const otherDigests = new PromptDigests(engine).of(other, otherKeys);
    const collided = (key: BlockKey): Uint8Array => {
      const otherKey = otherKeys[keys.indexOf(key)]!;
      const bytes = expectOk(engine.exportBlock(otherKey, otherDigests.get(otherKey)), 'export');
      const block = expectOk(decodeBlock(bytes, { modelHash: engine.info.modelHash, layout: engine.info.blockLayout }), 'decode');
      return encodeBlock({ ...block, key });
    };
    const stored = expectOk(await pool.store(keys.slice(0, otherKeys.length), collided), 'store');
    return stored.stored + stored.existing;
  });
}
