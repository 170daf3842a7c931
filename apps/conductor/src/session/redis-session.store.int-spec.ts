import { type Redis } from 'ioredis';
import { runSessionStoreContract } from '@tsukimi/conductor';
import { connectClient, freshPrefix, RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { instanceId } from '@tsukimi/scheduler';
import { RedisSessionStore } from './redis-session.store';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

/** Resolves once `key` is gone, polling Redis with a deadline. */
async function expired(redis: Redis, key: string, deadlineMs: number): Promise<void> {
  while ((await redis.exists(key)) === 1) {
    if (Date.now() > deadlineMs) throw new Error(`${key} never expired`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

runSessionStoreContract('redis', async ({ ttlMs }) => {
  const [mine, theirs] = await Promise.all([connectClient(server), connectClient(server)]);
  const prefix = freshPrefix('s');
  return {
    store: new RedisSessionStore(mine, { prefix, ttlMs }),
    rival: new RedisSessionStore(theirs, { prefix, ttlMs }),
    lapsed: (sessionId) => expired(mine, `${prefix}session:${sessionId}`, Date.now() + ttlMs + 5_000),
    close: async () => {
      await Promise.all([mine.quit(), theirs.quit()]);
    },
  };
});

describe('RedisSessionStore', () => {
  it('refreshes a session\'s TTL when it is read', async () => {
    const redis = await connectClient(server);
    const prefix = freshPrefix('s');
    const store = new RedisSessionStore(redis, { prefix, ttlMs: 60_000 });
    await store.record('s1', instanceId('prefill-0'));
    await redis.pexpire(`${prefix}session:s1`, 1_000);
    await store.instanceFor('s1');
    expect(await redis.pttl(`${prefix}session:s1`)).toBeGreaterThan(50_000);
    await redis.quit();
  });

  it('answers unavailable, not an exception, when its connection is gone', async () => {
    const redis = await connectClient(server);
    const store = new RedisSessionStore(redis, { prefix: freshPrefix('s'), ttlMs: 60_000 });
    redis.disconnect();
    expect(await store.instanceFor('s1')).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(await store.record('s1', instanceId('prefill-0'))).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});
