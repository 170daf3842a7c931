import { type ClusterEvent, describeEvent } from './cluster.events';

describe('describeEvent', () => {
  it.each<[ClusterEvent, string]>([
    [{ kind: 'model', path: '/c/tiny.gguf', generated: true }, 'generated the tiny model into /c/tiny.gguf'],
    [{ kind: 'model', path: '/m.gguf', generated: false }, 'model /m.gguf'],
    [{ kind: 'log-dir', dir: '/tmp/logs' }, 'service logs in /tmp/logs'],
    [
      { kind: 'service-ready', service: { name: 'kvpool-0', role: 'kvpool', pid: 41, host: '127.0.0.1', httpPort: 1, grpcPort: 2, dataPort: 3, logFile: 'l' } },
      'kvpool-0   ready  pid 41  127.0.0.1  http 1  grpc 2  data 3',
    ],
    [
      { kind: 'service-ready', service: { name: 'conductor', role: 'conductor', pid: 42, host: '127.0.0.1', httpPort: 8000, grpcPort: undefined, dataPort: undefined, logFile: 'l' } },
      'conductor  ready  pid 42  127.0.0.1  http 8000',
    ],
    [
      { kind: 'service-ready', service: { name: 'decode-0', role: 'decode', pid: 43, host: '127.0.0.1', httpPort: 5, grpcPort: 6, dataPort: undefined, logFile: 'l' }, restart: 2 },
      'decode-0   ready  pid 43  127.0.0.1  http 5  grpc 6  (restart 2)',
    ],
    [
      { kind: 'service-exited', name: 'decode-0', exit: { code: null, signal: 'SIGKILL' }, restart: { attempt: 1, delayMs: 500 } },
      'decode-0   exited (signal SIGKILL); restarting in 0.5 s (restart 1); the others keep serving',
    ],
    [
      { kind: 'service-exited', name: 'decode-host-0', exit: { code: 1, signal: null }, restart: undefined },
      'decode-host-0 exited (exit code 1); not restarted: it hosts several instances on ports chosen at start; the others keep serving',
    ],
    [{ kind: 'service-stopped', service: { name: 'decode-1', code: 0, signal: null, killed: false } }, 'decode-1   stopped (exit code 0)'],
    [{ kind: 'service-stopped', service: { name: 'prefill-0', code: null, signal: 'SIGKILL', killed: true } }, 'prefill-0  stopped (signal SIGKILL, killed after the stop timeout)'],
  ])('%j → %s', (event, line) => {
    expect(describeEvent(event)).toBe(line);
  });
});
