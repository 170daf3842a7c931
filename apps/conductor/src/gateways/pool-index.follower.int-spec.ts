import * as path from 'node:path';
import { InstanceRegistry, PoolMasters } from '@tsukimi/conductor';
import { ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { silentLogger } from '@tsukimi/telemetry';
import { PoolIndexFollower } from './pool-index.follower';

const KVPOOL = path.resolve(__dirname, '..', '..', '..', 'kvpool', 'src', 'main.ts');

describe('PoolIndexFollower following a changing set of real kvpool masters', () => {
  let pools: ServiceProcess[];
  let follower: PoolIndexFollower;

  beforeAll(async () => {
    pools = await Promise.all([0, 1].map(() => ServiceProcess.start({ entry: KVPOOL, args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--dram-bytes', '16MiB'] })));
  }, 60_000);

  afterAll(async () => {
    follower?.stop();
    for (const pool of pools ?? []) pool.signal('SIGTERM');
    await Promise.all((pools ?? []).map((pool) => pool.waitForExit(20_000).catch(() => undefined)));
  }, 30_000);

  it('waits with no master, follows the one that comes, drops the channel of one that goes, and passes over one that does not answer', async () => {
    const [a, b] = pools.map((pool) => `127.0.0.1:${pool.grpcPort}`) as [string, string];
    const masters = new PoolMasters();
    const registry = new InstanceRegistry();
    follower = new PoolIndexFollower(masters, registry, silentLogger, 50);
    follower.start();
    expect(follower.inStep).toBe(false);
    expect(follower.channels()).toEqual([]);

    masters.update([a]);
    await until('the index of the first master', () => follower.inStep);
    const firstEpoch = registry.index.epoch;
    expect(follower.channels()).toEqual([a]);

    masters.update([]);
    expect(follower.inStep).toBe(false);
    expect(follower.channels()).toEqual([]);

    // Nothing listens on port 1: the follower moves on to the next master in the set.
    masters.update(['127.0.0.1:1', b]);
    await until('the index of the second master', () => follower.inStep);
    expect(registry.index.epoch).not.toBe(firstEpoch);
    expect(follower.channels()).toEqual(['127.0.0.1:1', b]);

    masters.update([b]);
    expect(follower.inStep).toBe(true);
    expect(follower.channels()).toEqual([b]);
  }, 60_000);
});
