import { type Logger } from '@tsukimi/telemetry';
import { type ShutdownReport } from './bootstrap.options';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * On SIGTERM or SIGINT: shut down gracefully, then exit 0 (1 if the shutdown itself failed).
 * A second signal during the drain exits 1 at once, for the operator who will not wait.
 * Exiting explicitly, rather than waiting for the event loop to empty, keeps a forgotten timer
 * or client socket in some module from turning a clean shutdown into a SIGKILL.
 * Returns a function that removes the handlers.
 */
export function exitOnSignals(
  close: (reason: string) => Promise<ShutdownReport>,
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      logger.warn('second signal, exiting without waiting for the drain', { signal });
      exit(1);
      return;
    }
    shuttingDown = true;
    void close(signal).then(
      () => exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { signal, error });
        exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
