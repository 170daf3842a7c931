import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { MemoryBlockStore, type SharedSecrets, TcpTransferServer, TcpTransport } from '@tsukimi/transfer';
import { median } from '../lib/bench-stats';

/**
 * What the data-plane handshake costs: a fresh connection that reads one 64 KiB block, to a node
 * that demands a proof against one that does not, and a read on a pooled connection (the
 * handshake is behind it) on each. Alternating rounds in one process, medians.
 * Run: node -r ./tools/runtime/register.js bench/service-auth/handshake-cost.measure.ts
 */
const ROUNDS = 21;
const CONNECTIONS_PER_ROUND = 40;
const POOLED_READS_PER_ROUND = 200;
const TOKEN = randomBytes(32).toString('base64url');
const secrets: SharedSecrets = { sending: () => TOKEN, accepted: () => [TOKEN] };

async function main(): Promise<void> {
  const store = new MemoryBlockStore();
  const key = blockKeyFromU64(42n);
  store.writeBlock(key, randomBytes(64 * 1024));
  const plain = expectOk(await TcpTransferServer.listen({ store, port: 0 }), 'listen');
  const guarded = expectOk(await TcpTransferServer.listen({ store, port: 0, secrets }), 'listen');
  const sides = { plain: { server: plain, secrets: undefined }, handshake: { server: guarded, secrets } };
  const pooled = { plain: new TcpTransport(), handshake: new TcpTransport({ secrets }) };

  const read = async (transport: TcpTransport, server: TcpTransferServer) => {
    const result = await transport.read(server.endpoint('bench'), [key], { timeoutMs: 10_000 });
    if (!result.ok || result.value[0]?.status !== 'found') throw new Error('read failed');
    result.value[0].release?.();
  };
  const freshUs = async (side: keyof typeof sides) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CONNECTIONS_PER_ROUND; i++) {
      const transport = new TcpTransport(sides[side].secrets === undefined ? {} : { secrets: sides[side].secrets });
      await read(transport, sides[side].server);
      await transport.close();
    }
    return Number(process.hrtime.bigint() - start) / 1000 / CONNECTIONS_PER_ROUND;
  };
  const pooledUs = async (side: keyof typeof sides) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < POOLED_READS_PER_ROUND; i++) await read(pooled[side], sides[side].server);
    return Number(process.hrtime.bigint() - start) / 1000 / POOLED_READS_PER_ROUND;
  };

  const samples = { freshPlain: [] as number[], freshHandshake: [] as number[], pooledPlain: [] as number[], pooledHandshake: [] as number[] };
  await freshUs('plain');
  await freshUs('handshake');
  // Which side goes first alternates, so neither always runs on the warmer machine.
  for (let round = 0; round < ROUNDS; round++) {
    const order: (keyof typeof sides)[] = round % 2 === 0 ? ['plain', 'handshake'] : ['handshake', 'plain'];
    for (const side of order) (side === 'plain' ? samples.freshPlain : samples.freshHandshake).push(await freshUs(side));
    for (const side of order) (side === 'plain' ? samples.pooledPlain : samples.pooledHandshake).push(await pooledUs(side));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Number(median(values).toFixed(1))]));
  console.log(JSON.stringify({
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    medianUs: m,
    freshConnectionHandshakeOverPlain: Number((m['freshHandshake']! / m['freshPlain']!).toFixed(2)),
    pooledReadHandshakeOverPlain: Number((m['pooledHandshake']! / m['pooledPlain']!).toFixed(2)),
    unauthenticatedConnections: guarded.stats().unauthenticatedConnectionsTotal,
  }, null, 1));
  await Promise.all([pooled.plain.close(), pooled.handshake.close(), plain.abort(), guarded.abort()]);
}

void main();
