import { setTimeout as sleep } from 'node:timers/promises';

/** How often `/readyz` is asked again; short, so a cluster is reported ready soon after it is. */
export const POLL_INTERVAL_MS = 100;
const REQUEST_TIMEOUT_MS = 1_000;

export type ReadyOutcome = 'ready' | 'timeout' | 'exited';

/**
 * Polls `check` until it resolves true, `deadlineMs` (on `performance.now()`) passes, or
 * `exited` settles. `check` failures (refused connections, timeouts) count as not yet ready.
 */
export async function pollUntil(check: () => Promise<boolean>, deadlineMs: number, exited: Promise<unknown>): Promise<ReadyOutcome> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) return 'exited';
    if (await check().catch(() => false)) return 'ready';
    if (gone) return 'exited';
    const leftMs = deadlineMs - performance.now();
    if (leftMs <= 0) return 'timeout';
    await sleep(Math.min(POLL_INTERVAL_MS, leftMs));
  }
}

/** True when GET `url` answers 200. */
export async function answers200(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await response.body?.cancel();
  return response.status === 200;
}

/** The first model id `GET <base>/models` lists, or undefined while there is none. */
export async function firstModelId(baseUrl: string): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/models`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 200) {
    await response.body?.cancel();
    return undefined;
  }
  const body = (await response.json()) as { data?: { id?: unknown }[] };
  const id = body.data?.[0]?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
