/**
 * Benchmark child: a redis-server on a free loopback port, without persistence, watched by this
 * process. It stops redis when its own stdin closes, which happens however the benchmark ends, so
 * redis never outlives it. Prints `{"port":N,"pid":M}` (M: redis-server's) once redis answers PING.
 *
 * node -r ./tools/runtime/register.js redis.child.ts --redis-server <path to redis-server>
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '@tsukimi/service-kit/testing';
import { childArgsOrExit } from '../lib/bench-main';
import { benchOption } from '../lib/bench-option';

const ARGS = {
  bench: 'transfer',
  command: 'redis.child.ts',
  summary: "The transfer bench's Redis: a redis-server on a free loopback port, stopped when this process's stdin closes.",
  options: { redisServer: benchOption.string({ doc: 'The redis-server binary', required: true }) },
} as const;

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString('latin1').startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const { redisServer } = childArgsOrExit(ARGS, process.argv.slice(2));
  const port = await freePort();
  const redis = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redis.once('exit', (code) => {
    process.stderr.write(`[bench] redis-server exited with ${code}\n`);
    process.exit(1);
  });
  process.once('exit', () => redis.kill('SIGKILL'));
  process.once('SIGTERM', () => process.exit(143));
  process.once('SIGINT', () => process.exit(130));
  process.stdin.on('end', () => {
    redis.removeAllListeners('exit');
    redis.once('exit', () => process.exit(0));
    redis.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5_000).unref();
  });
  process.stdin.resume();
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write(`${JSON.stringify({ port, pid: redis.pid })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] redis child failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
