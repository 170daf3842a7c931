/** Long enough for the slowest condition the int-specs wait on (a restart under a loaded CI machine); a test that fails only fails later. */
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_INTERVAL_MS = 20;

/**
 * Polls `condition` until it answers something other than `false` or `undefined`, and resolves
 * with that answer; rejects naming `what` once `timeoutMs` has passed. For tests that wait on a
 * condition instead of sleeping. A condition that throws or rejects fails the wait at once.
 * `intervalMs` 0 asks again at every turn of the event loop, for a condition on in-process state.
 */
export async function until<T>(
  what: string,
  condition: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  intervalMs = DEFAULT_INTERVAL_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await condition();
    if (answer !== false && answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => (intervalMs === 0 ? setImmediate(resolve) : setTimeout(resolve, intervalMs)));
  }
}
