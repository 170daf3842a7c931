import { runLeaseStoreContract } from '@tsukimi/kv-store';
import { RedisLeaseStore } from './redis-lease.store';
import { connectClient, freshPrefix } from './testing/redis.fixture';
import { RedisServerProcess } from './testing/redis-server.process';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

runLeaseStoreContract('redis', async () => {
  const [mine, theirs] = await Promise.all([connectClient(server), connectClient(server)]);
  const prefix = freshPrefix('lease');
  return {
    store: new RedisLeaseStore(mine, `${prefix}lease:master`),
    rival: new RedisLeaseStore(theirs, `${prefix}lease:master`),
    // Time on the server's clock: a probe key set to expire after `ms` is gone once they have passed.
    elapse: async (ms) => {
      const probe = `${prefix}probe`;
      await mine.set(probe, '1', 'PX', ms);
      while ((await mine.exists(probe)) === 1) await new Promise((resolve) => setImmediate(resolve));
    },
    close: async () => {
      await Promise.all([mine.quit(), theirs.quit()]);
    },
  };
});

describe('RedisLeaseStore', () => {
  it('answers unavailable, not an exception, when its connection is gone', async () => {
    const redis = await connectClient(server);
    const store = new RedisLeaseStore(redis, `${freshPrefix('lease')}lease:master`);
    redis.disconnect();
    expect(await store.renew('a', 1000)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});
