import * as path from 'node:path';
import { credentials, Metadata } from '@grpc/grpc-js';
import { KvPoolGrpcClient, type KvPoolGrpcClientOptions } from '@tsukimi/instance-kit';
import { type BlockKey, encodeBlock, modelHashFromU64 } from '@tsukimi/kv-block';
import {
  callUnary,
  type GetReply__Output,
  type GetRequest,
  type KeysReply__Output,
  type KvPoolClient as KvPoolStub,
  type PinRequest,
  type StatsReply__Output,
  tsukimiProto,
} from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { TcpTransport } from '@tsukimi/transfer';
import { blockKeyFromU64 } from '@tsukimi/kv-block';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const LOOPBACK = ['--host', '127.0.0.1', '--http-port', '0'];

/** A block of about `payloadBytes` whose key and payload follow from `n`. */
export function poolBlock(n: number, payloadBytes = 64 * 1024): { key: BlockKey; bytes: Uint8Array } {
  const key = blockKeyFromU64((BigInt(n) * 0x9e3779b97f4a7c15n) & 0xffff_ffff_ffff_ffffn);
  const tokens = payloadBytes / (2 * 2 * 16 * 4);
  const bytes = encodeBlock({
    key,
    modelHash: modelHashFromU64(0xb10cn),
    layout: { layers: 1, kvHeads: 2, headDim: 16, blockSizeTokens: tokens, dtype: 'f32' },
    payload: Uint8Array.from({ length: payloadBytes }, (_, i) => (n * 7 + i) % 253),
  });
  return { key, bytes };
}

/**
 * A pool of real processes: one master and any number of storage nodes, each a child process on
 * loopback; a client over the master's gRPC API and the nodes' data plane; and direct calls to
 * the master for what the client port does not offer (stats, replicas, pins).
 */
export class PoolProcesses {
  readonly nodes = new Map<string, ServiceProcess>();
  private readonly clients: { pool: KvPoolGrpcClient; transport: TcpTransport }[] = [];
  readonly stub: KvPoolStub;

  private constructor(readonly master: ServiceProcess) {
    this.stub = new (tsukimiProto().tsukimi.v1.KvPool)(`127.0.0.1:${master.grpcPort}`, credentials.createInsecure());
  }

  static async start(masterArgs: string[] = []): Promise<PoolProcesses> {
    const master = await ServiceProcess.start({ entry: MAIN, args: [...LOOPBACK, '--grpc-port', '0', '--role', 'master', ...masterArgs] });
    return new PoolProcesses(master);
  }

  async startNode(name: string, args: string[] = []): Promise<ServiceProcess> {
    const node = await ServiceProcess.start({
      entry: MAIN,
      args: [...LOOPBACK, '--grpc-port', '0', '--role', 'node', '--node-id', name, '--master-address', `127.0.0.1:${this.master.grpcPort}`, '--heartbeat-interval-ms', '100', ...args],
    });
    this.nodes.set(name, node);
    await until(`node ${name} to join`, async () => (await this.liveNodes()).includes(name));
    return node;
  }

  client(options: Partial<KvPoolGrpcClientOptions> = {}): KvPoolGrpcClient {
    const transport = new TcpTransport();
    const pool = new KvPoolGrpcClient({ masters: [{ host: '127.0.0.1', port: this.master.grpcPort! }], transport, timeoutMs: 3_000, ...options });
    this.clients.push({ pool, transport });
    return pool;
  }

  async liveNodes(): Promise<string[]> {
    const stats = expectOk(await callUnary<object, StatsReply__Output>((r, m, o, cb) => this.stub.stats(r, m, o, cb), {}, new Metadata(), 3_000), 'stats');
    return [...new Set(stats.tiers.map((t) => t.nodeId))].sort();
  }

  /** Replicas of each key as the master names them (a lookup: it leases for `leaseMs`, 1 ms by default). */
  async replicas(keys: readonly BlockKey[], leaseMs = 1): Promise<{ nodeId: string; tier: string }[][]> {
    const reply = expectOk(await callUnary<GetRequest, GetReply__Output>((r, m, o, cb) => this.stub.get(r, m, o, cb), { keys: [...keys], leaseMs }, new Metadata(), 3_000), 'get');
    return reply.items.map((item) => item.replicas.map((r) => ({ nodeId: r.nodeId, tier: r.tier })));
  }

  async pin(keys: readonly BlockKey[], kind: 'soft' | 'hard', ttlMs = 0): Promise<string[]> {
    const reply = expectOk(await callUnary<PinRequest, KeysReply__Output>((r, m, o, cb) => this.stub.pin(r, m, o, cb), { keys: [...keys], kind, ttlMs }, new Metadata(), 3_000), 'pin');
    return reply.outcomes.map((o) => o.status);
  }

  async stop(): Promise<void> {
    for (const { pool, transport } of this.clients) {
      pool.close();
      await transport.close();
    }
    this.stub.close();
    const all = [...this.nodes.values(), this.master];
    for (const service of all) service.signal('SIGTERM');
    await Promise.all(all.map((s) => s.waitForExit(20_000).catch(() => s.kill())));
  }
}
