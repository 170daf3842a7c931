import * as path from 'node:path';
import { KvPoolGrpcClient } from '@tsukimi/instance-kit';
import { type BlockKey } from '@tsukimi/kv-block';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { httpGet, ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { TcpTransport } from '@tsukimi/transfer';
import { poolBlock } from './pool-processes';

const MAIN = path.resolve(__dirname, '..', 'src', 'main.ts');
const LOOPBACK = ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0'];

describe('kvpool masters sharing Redis metadata', () => {
  const started: ServiceProcess[] = [];
  let redis: RedisServerProcess;

  afterEach(async () => {
    for (const service of started.splice(0)) service.kill();
    await redis?.stop();
  }, 30_000);

  it('kill the leader under load: the standby takes over and no completed block disappears from the index', async () => {
    redis = await RedisServerProcess.start();
    const masterArgs = [...LOOPBACK, '--role', 'master', '--metadata', 'redis', '--redis-url', redis.url, '--leader-lease-ttl-ms', '1500', '--node-timeout-ms', '5000'];
    const leader = await ServiceProcess.start({ entry: MAIN, args: masterArgs });
    started.push(leader);
    const standby = await ServiceProcess.start({ entry: MAIN, args: masterArgs });
    started.push(standby);
    expect((await httpGet(leader.httpPort, '/readyz')).status).toBe(200);
    expect((await httpGet(standby.httpPort, '/readyz')).status).toBe(503);

    const masters = [leader, standby].map((m) => ({ host: '127.0.0.1', port: m.grpcPort! }));
    const node = await ServiceProcess.start({
      entry: MAIN,
      args: [...LOOPBACK, '--role', 'node', '--node-id', 'node-a', '--master-address', masters.map((m) => `${m.host}:${m.port}`).join(','), '--heartbeat-interval-ms', '100'],
    });
    started.push(node);

    const transport = new TcpTransport();
    const client = new KvPoolGrpcClient({ masters, transport, timeoutMs: 1_000 });
    const completed: BlockKey[] = [];
    let n = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const block = poolBlock(1000 + n++, 4096);
        const stored = await client.store([block.key], () => block.bytes);
        // While no master leads a put is refused, and the writer goes on to the next block.
        if (stored.ok && stored.value.stored === 1) completed.push(block.key);
      }
    })();

    await until('puts on the first leader', () => completed.length >= 30);
    leader.kill();
    const killedAtMs = Date.now();
    const atFailover = completed.length;
    await until('the standby to lead', async () => (await httpGet(standby.httpPort, '/readyz')).status === 200);
    // The lease lasts 1.5 s: the standby must lead within about two leases of the leader's death.
    expect(Date.now() - killedAtMs).toBeLessThan(4_000);
    await until('puts on the new leader', () => completed.length >= atFailover + 30);
    writing = false;
    await writer;

    const found = await client.fetchPrefix([]);
    expect(found.ok).toBe(true);
    for (const key of completed) {
      const fetched = await client.fetchPrefix([key]);
      expect(fetched.ok && fetched.value.map((b) => b.key)).toEqual([key]);
    }
    expect(completed.length).toBeGreaterThanOrEqual(60);
    client.close();
    await transport.close();
  }, 60_000);
});
