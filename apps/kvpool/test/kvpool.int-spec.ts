import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { credentials, Metadata } from '@grpc/grpc-js';
import { KvPoolGrpcClient, PoolWriterClient } from '@tsukimi/instance-kit';
import { callUnary, type KeysReply__Output, type KeysRequest, tsukimiProto } from '@tsukimi/proto';
import { httpGet, invalidExpositionLines, sampleValue, ServiceProcess } from '@tsukimi/service-kit/testing';
import { runKvPoolClientContract } from '@tsukimi/serving';
import { type BlockKey, blockKeyFromU64, encodeBlock, modelHashFromU64 } from '@tsukimi/kv-block';
import { TcpTransport, type TransferDone, TransferObservers } from '@tsukimi/transfer';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');
const LOOPBACK = ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0'];

async function startPool(extra: string[] = []) {
  const service = await ServiceProcess.start({ entry: MAIN, args: [...LOOPBACK, ...extra] });
  const transport = new TcpTransport();
  const pool = new KvPoolGrpcClient({ masters: [{ host: '127.0.0.1', port: service.grpcPort! }], transport, timeoutMs: 5_000 });
  const close = async () => {
    pool.close();
    await transport.close();
    service.signal('SIGTERM');
    await service.waitForExit();
  };
  return { service, pool, close };
}

runKvPoolClientContract('gRPC control plane and TCP data plane against a kvpool process', async () => ({ ...(await startPool(['--node-id', 'contract-node'])), nodeId: 'contract-node' }));

/** The pool client with fresh stores made on a pool-writer thread, which reports its transfers to `transfers`. */
async function startWriterPool(transfers = new TransferObservers()) {
  const started = await startPool(['--node-id', 'writer-node']);
  const pool = new PoolWriterClient(started.pool, { masters: [{ host: '127.0.0.1', port: started.service.grpcPort! }], timeoutMs: 5_000, transfers });
  const close = async () => {
    await pool.close();
    await started.close();
  };
  return { pool, nodeId: 'writer-node', close };
}

runKvPoolClientContract('fresh stores on a pool-writer thread against a kvpool process', () => startWriterPool());

describe('pool-writer thread', () => {
  it('hands over the exported buffers without a copy, and reports its writes to the owner as its own transport would', async () => {
    const transfers = new TransferObservers();
    const writes: TransferDone[] = [];
    transfers.attach({ onTransfer: (done) => writes.push(done), onTransferFailed: () => undefined });
    const { pool, close } = await startWriterPool(transfers);
    try {
      const keys = [1n, 2n].map((n) => blockKeyFromU64(n * 0x51n));
      const exported = new Map<BlockKey, Uint8Array>();
      const read = (key: BlockKey) => {
        const bytes = encodeBlock({ key, modelHash: modelHashFromU64(7n), layout: { layers: 1, kvHeads: 1, headDim: 8, blockSizeTokens: 4, dtype: 'f32' }, payload: new Uint8Array(2 * 8 * 4 * 4).fill(3) });
        exported.set(key, bytes);
        return bytes;
      };
      const parts = pool.storeInParts(keys);
      expect(await parts.store(keys, read)).toEqual({ ok: true, value: { stored: 2, existing: 0 } });
      await parts.close();
      expect([...exported.values()].map((bytes) => bytes.byteLength)).toEqual([0, 0]);
      expect(writes.map((w) => [w.direction, w.blocks])).toEqual([['sent', 2]]);
    } finally {
      await close();
    }
  });
});

describe('kvpool process', () => {
  it('refuses a bad setting at start, naming the key, with a non-zero exit', async () => {
    const failure = await promisify(execFile)(process.execPath, ['-r', REGISTER, MAIN, '--dram-bytes', 'lots']).catch((e: unknown) => e as { code: number; stderr: string });
    expect('code' in failure && failure.code).not.toBe(0);
    expect((failure as { stderr: string }).stderr).toContain('--dram-bytes');
  });

  it('refuses malformed keys on the control plane, and reports usage and lookups as Prometheus metrics', async () => {
    const { service, pool, close } = await startPool(['--dram-bytes', '1MiB']);
    try {
      const stub = new (tsukimiProto().tsukimi.v1.KvPool)(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
      const refused = await callUnary<KeysRequest, KeysReply__Output>((r, m, o, cb) => stub.putEnd(r, m, o, cb), { keys: ['../../etc/passwd'] }, new Metadata(), 5_000);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error.details).toContain('keys[0]');
      stub.close();

      expect(await pool.fetchPrefix(['00000000000000aa' as never])).toEqual({ ok: true, value: [] });
      const metrics = (await httpGet(service.httpPort, '/metrics')).body;
      expect(invalidExpositionLines(metrics)).toEqual([]);
      expect(sampleValue(metrics, 'tsukimi_kvpool_capacity_bytes{tier="dram"}')).toBe(1024 * 1024);
      expect(sampleValue(metrics, 'tsukimi_kvpool_lookup_misses_total')).toBe(1);
      expect((await httpGet(service.httpPort, '/readyz')).status).toBe(200);
    } finally {
      await close();
    }
  });
});
