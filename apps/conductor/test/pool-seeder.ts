import * as fs from 'node:fs';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { KvPoolGrpcClient } from '@tsukimi/instance-kit';
import { expectOk } from '@tsukimi/result';
import { TcpTransport } from '@tsukimi/transfer';

/**
 * Puts a prompt's full blocks in the pool as the model run alone computes them, through the
 * real pool client, so that the pool holds a prefix no instance has in its memory.
 */
export async function seedPool(modelPath: string, kvpoolGrpcPort: number, tokens: readonly number[]): Promise<number> {
  const engine = expectOk(ReferenceEngine.fromGguf(fs.readFileSync(modelPath)), 'reference engine');
  const transport = new TcpTransport();
  const pool = new KvPoolGrpcClient({ masters: [{ host: '127.0.0.1', port: kvpoolGrpcPort }], transport, timeoutMs: 10_000 });
  const sequence = engine.openSequence();
  try {
    const prefilled = expectOk(await engine.prefill(sequence, tokens), 'prefill');
    await prefilled.sealed;
    const keys = engine.blockKeys(tokens, '');
    const stored = expectOk(await pool.store(keys, (key) => expectOk(engine.exportBlock(key), 'export')), 'store');
    return stored.stored + stored.existing;
  } finally {
    engine.closeSequence(sequence);
    pool.close();
    await transport.close();
  }
}
