import { runLeaseBookContract } from '@tsukimi/conductor';
import { connectClient, freshPrefix, RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { RedisLeaseBook } from './redis-lease.book';
import { LEASE_KEY_GRACE_MS } from './lease-book.scripts';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

runLeaseBookContract('redis', async () => {
  const [mine, theirs] = await Promise.all([connectClient(server), connectClient(server)]);
  const prefix = freshPrefix('pc');
  return {
    book: new RedisLeaseBook(mine, { prefix }),
    rival: new RedisLeaseBook(theirs, { prefix }),
    close: async () => {
      await Promise.all([mine.quit(), theirs.quit()]);
    },
  };
});

describe('RedisLeaseBook', () => {
  it('keeps a tenant\'s leases in one key that expires a grace period after its last lease', async () => {
    const redis = await connectClient(server);
    const prefix = freshPrefix('pc');
    const nowMs = Date.now();
    await new RedisLeaseBook(redis, { prefix }).charge('t', [{ leaseId: 'a', sizeBytes: 1, ttlMs: 1_000 }, { leaseId: 'b', sizeBytes: 1, ttlMs: 60_000 }], undefined, nowMs);
    expect(await redis.pexpiretime(`${prefix}lease:{t}`)).toBe(nowMs + 60_000 + LEASE_KEY_GRACE_MS);
    await redis.quit();
  });

  it('answers unavailable, not an exception, when its connection is gone', async () => {
    const redis = await connectClient(server);
    const book = new RedisLeaseBook(redis, { prefix: freshPrefix('pc') });
    redis.disconnect();
    expect(await book.charge('t', [{ leaseId: 'a', sizeBytes: 1, ttlMs: 1_000 }], 10, 0)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(await book.release('t', [], 0)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(await book.held('t', 0)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});
