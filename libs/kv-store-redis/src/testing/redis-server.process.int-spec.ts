import { RedisServerProcess } from './redis-server.process';

describe('RedisServerProcess', () => {
  it('fails with how to install Redis when the binary is missing', async () => {
    await expect(RedisServerProcess.start({ binary: '/nonexistent/redis-server' })).rejects.toThrow(/not found.*apt-get install -y redis-server/);
  });

  it('starts a server that answers on its port, and is gone after a kill', async () => {
    const server = await RedisServerProcess.start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    await server.kill();
    await expect(RedisServerProcess.start({ port: server.port, startTimeoutMs: 5_000 }).then((again) => again.stop())).resolves.toBeUndefined();
  });
});
