import { RecordingLogger } from '@tsukimi/telemetry';
import { type ShutdownReport } from './bootstrap.options';
import { exitOnSignals } from './process-signals';

/** A shutdown the test finishes by hand. */
function pendingShutdown() {
  let finish!: (outcome: Error | undefined) => void;
  const reasons: string[] = [];
  const close = (reason: string) => {
    reasons.push(reason);
    return new Promise<ShutdownReport>((resolve, reject) => {
      finish = (outcome) => (outcome ? reject(outcome) : resolve({ reason, drainMs: 1, timedOut: false }));
    });
  };
  return { close, reasons, finish: (outcome?: Error) => finish(outcome) };
}

function exits() {
  const codes: number[] = [];
  let notify: (() => void) | undefined;
  const exit = (code: number) => {
    codes.push(code);
    notify?.();
  };
  const next = () => new Promise<void>((resolve) => (notify = resolve));
  return { codes, exit, next };
}

describe('exitOnSignals', () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s shuts down and exits 0', async (signal) => {
    const shutdown = pendingShutdown();
    const exit = exits();
    remove = exitOnSignals(shutdown.close, new RecordingLogger(), exit.exit);
    process.emit(signal, signal);
    expect(shutdown.reasons).toEqual([signal]);
    const exited = exit.next();
    shutdown.finish();
    await exited;
    expect(exit.codes).toEqual([0]);
  });

  it('exits 1 and logs when the shutdown fails', async () => {
    const shutdown = pendingShutdown();
    const exit = exits();
    const logger = new RecordingLogger();
    remove = exitOnSignals(shutdown.close, logger, exit.exit);
    process.emit('SIGTERM', 'SIGTERM');
    const exited = exit.next();
    shutdown.finish(new Error('close failed'));
    await exited;
    expect(exit.codes).toEqual([1]);
    expect(logger.withMessage('shutdown failed')).toHaveLength(1);
  });

  it('exits 1 at once on a second signal during the drain', () => {
    const shutdown = pendingShutdown();
    const exit = exits();
    remove = exitOnSignals(shutdown.close, new RecordingLogger(), exit.exit);
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(shutdown.reasons).toEqual(['SIGTERM']);
    expect(exit.codes).toEqual([1]);
  });

  it('stops listening once removed', () => {
    const before = process.listenerCount('SIGTERM');
    exitOnSignals(pendingShutdown().close, new RecordingLogger(), () => {})();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
