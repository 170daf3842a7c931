import { parentPort, workerData } from 'node:worker_threads';
import { type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { type PartedStore } from '@tsukimi/serving';
import { ServiceTokensFile } from '@tsukimi/service-kit';
import { type BlockToWrite, ObservedTransport, TcpTransport } from '@tsukimi/transfer';
import { KvPoolGrpcClient } from './kvpool-grpc.client';
import { type PoolWriterAsk, type PoolWriterSettings, type PoolWriterTell } from './pool-writer.protocol';

/*
 * The pool-writer thread: its own pool client (gRPC channel and data-plane connections) makes the
 * puts and writes of the blocks the owning thread exports, so that their work does not share the
 * owner's thread with the engine's compute.
 */
const port = parentPort!;
const settings = workerData as PoolWriterSettings;
const tell = (message: PoolWriterTell) => port.postMessage(message);
// The owning thread read the same file moments before: failing here is a broken invariant.
const tokens = settings.serviceTokenFile === undefined ? undefined : expectOk(ServiceTokensFile.open(settings.serviceTokenFile, { onReloaded: (tokenCount) => tell({ kind: 'tokens-reloaded', tokenCount }) }), 'service tokens');
const transport = new ObservedTransport(new TcpTransport({ secrets: tokens }), {
  onTransfer: (done) => tell({ kind: 'transfer', done }),
  onTransferFailed: (failed) => tell({ kind: 'transfer-failed', failed }),
});
const pool = new KvPoolGrpcClient({ masters: settings.masters, transport, timeoutMs: settings.timeoutMs, serviceTokens: tokens });
const parts = new Map<number, PartedStore>();

const reader = (blocks: readonly BlockToWrite[]) => {
  const bytes = new Map<BlockKey, Uint8Array>(blocks.map((b) => [b.key, b.bytes]));
  return (key: BlockKey) => bytes.get(key);
};

async function answer(ask: PoolWriterAsk): Promise<void> {
  switch (ask.kind) {
    case 'store':
      return tell({ kind: 'answer', id: ask.id, result: await pool.store(ask.keys, reader(ask.blocks), { fresh: true }) });
    case 'open-parts':
      parts.set(ask.partsId, pool.storeInParts(ask.keys));
      return;
    case 'part': {
      const parted = parts.get(ask.partsId);
      const result = parted ? await parted.store(ask.keys, reader(ask.blocks)) : { ok: false as const, error: { kind: 'pool-error' as const, message: `no store in parts ${ask.partsId}` } };
      return tell({ kind: 'answer', id: ask.id, result });
    }
    case 'close-parts':
      await parts.get(ask.partsId)?.close();
      parts.delete(ask.partsId);
      return tell({ kind: 'answer', id: ask.id, result: undefined });
    case 'close':
      pool.close();
      await transport.close();
      port.close();
  }
}

port.on('message', (ask: PoolWriterAsk) => {
  answer(ask).catch((error: unknown) => {
    if ('id' in ask) tell({ kind: 'answer', id: ask.id, result: { ok: false, error: { kind: 'pool-error', message: String(error) } } });
  });
});
