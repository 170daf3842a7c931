import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { MemoryMetadataStore } from '@tsukimi/kv-store';
import { createServer } from 'node:net';
import { openMetadataBackend } from './metadata.backend';
import { openRedisMetadataBackend } from './redis-metadata.backend';
import { freshPrefix } from './testing/redis.fixture';
import { RedisServerProcess } from './testing/redis-server.process';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('openRedisMetadataBackend', () => {
  it('opens a store and a leader lease over one connection, and closes it', async () => {
    const opened = await openRedisMetadataBackend({ url: server.url, prefix: freshPrefix('open') });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store, leaderLease, close } = opened.value;
    expect(await store.getEntries([blockKeyFromU64(1n)])).toEqual([undefined]);
    expect(await leaderLease.tryAcquire('master-1', 1000)).toEqual({ ok: true, value: { epoch: expect.any(Number) } });
    await close();
    await expect(store.getEntries([blockKeyFromU64(1n)])).rejects.toThrow();
  });

  it('answers unreachable, naming the URL without its password, when nothing listens there', async () => {
    const port = await closedPort();
    const opened = await openRedisMetadataBackend({ url: `redis://:secret@127.0.0.1:${port}`, connectTimeoutMs: 1000 });
    expect(opened).toMatchObject({ ok: false, error: { kind: 'unreachable', url: `redis://:***@127.0.0.1:${port}` } });
    expect(!opened.ok && opened.error.message).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify(opened)).not.toContain('secret');
  });

  it.each([
    [{ url: 'http://127.0.0.1:6379' }, 'url'],
    [{ url: 'redis://127.0.0.1:6379', prefix: 'has space' }, 'prefix'],
    [{ url: 'redis://127.0.0.1:6379', eventRetention: 0 }, 'eventRetention'],
    [{ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 1.5 }, 'commandTimeoutMs'],
  ])('refuses %j, naming %s', async (options, key) => {
    expect(await openRedisMetadataBackend(options)).toMatchObject({ ok: false, error: { kind: 'invalid-option', key } });
  });
});

describe('openMetadataBackend', () => {
  it('chooses the memory backend, whose lone master always wins the lease', async () => {
    const opened = await openMetadataBackend({ backend: 'memory' });
    expect(opened.ok && opened.value.store).toBeInstanceOf(MemoryMetadataStore);
    expect(opened.ok && (await opened.value.leaderLease.tryAcquire('master-1', 1000))).toEqual({ ok: true, value: { epoch: expect.any(Number) } });
  });

  it('chooses the redis backend', async () => {
    const opened = await openMetadataBackend({ backend: 'redis', url: server.url, prefix: freshPrefix('choose') });
    expect(opened).toMatchObject({ ok: true, value: { kind: 'redis' } });
    if (opened.ok) await opened.value.close();
  });
});

describe('a Redis that crashes and comes back', () => {
  it('fails operations fast while it is down, then reconnects by itself to a new epoch', async () => {
    const own = await RedisServerProcess.start();
    const opened = await openRedisMetadataBackend({ url: own.url, prefix: freshPrefix('crash'), commandTimeoutMs: 1_000 });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store, close } = opened.value;
    const before = await store.eventLogHead();
    try {
      await own.kill();
      const startedMs = Date.now();
      await expect(store.getEntries([blockKeyFromU64(1n)])).rejects.toThrow();
      expect(Date.now() - startedMs).toBeLessThan(1_000);
      const revived = await RedisServerProcess.start({ port: own.port });
      try {
        const after = await eventually(() => store.eventLogHead());
        expect(after.epoch).not.toBe(before.epoch);
      } finally {
        await revived.stop();
      }
    } finally {
      await close();
      await own.stop();
    }
  });
});

/** The first answer of `attempt` that does not reject, trying again on each rejection until `timeoutMs`. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
