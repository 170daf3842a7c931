/**
 * Resolves once `condition()` holds, checking after each turn of the event loop; rejects after
 * `timeoutMs` naming `what`. For state that changes on I/O the test cannot await directly.
 */
export function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 1);
    };
    check();
  });
}
