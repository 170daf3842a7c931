import { runConductorRosterContract } from '@tsukimi/conductor';
import { connectClient, freshPrefix, RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { RedisConductorRoster } from './redis-conductor.roster';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

runConductorRosterContract('redis', async ({ lapseMs }) => {
  const [mine, theirs] = await Promise.all([connectClient(server), connectClient(server)]);
  const prefix = freshPrefix('roster');
  return {
    roster: new RedisConductorRoster(mine, { prefix, lapseMs }),
    rival: new RedisConductorRoster(theirs, { prefix, lapseMs }),
    close: async () => {
      await Promise.all([mine.quit(), theirs.quit()]);
    },
  };
});

describe('RedisConductorRoster', () => {
  it('answers unavailable, not an exception, when its connection is gone', async () => {
    const redis = await connectClient(server);
    const roster = new RedisConductorRoster(redis, { prefix: freshPrefix('roster'), lapseMs: 3_000 });
    redis.disconnect();
    expect(await roster.checkIn('c1', Date.now())).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});
