import { type Clock } from '@tsukimi/telemetry';

/** Told how long one operation on a store took, by the name of the port method. Must return quickly and not throw. */
export type OperationTimer = (operation: string, seconds: number) => void;

/** Runs `call` and tells `timer` how long it took, whether it resolved or rejected. */
export async function timed<T>(timer: OperationTimer, clock: Clock, operation: string, call: () => Promise<T>): Promise<T> {
  const startMs = clock.monotonicMs();
  try {
    return await call();
  } finally {
    timer(operation, (clock.monotonicMs() - startMs) / 1000);
  }
}
