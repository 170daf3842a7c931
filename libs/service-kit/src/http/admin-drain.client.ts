import { err, ok, type Result } from '@tsukimi/result';
import { bearer } from '../auth/service-token.port';
import { type DrainReport } from '../bootstrap/bootstrap.options';
import { ADMIN_DRAIN_PATH } from './admin-drain.route';

/** Why a drain call gave no report: the service was not reached, refused the token, failed its drain, or took too long. */
export interface DrainCallFailure {
  readonly kind: 'unreachable' | 'unauthorized' | 'failed' | 'timeout' | 'invalid-reply';
  readonly message: string;
}

export interface DrainCallOptions {
  /** The service token, when the service demands one. */
  readonly token?: string | undefined;
  /** Bounds the whole call: the service answers only once it has drained. */
  readonly timeoutMs: number;
}

/** `http://host:port` (a service's HTTP address) as the URL of its drain route; a URL naming the route is kept as it is. */
export function drainUrlOf(address: string): Result<URL, string> {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(address) ? address : `http://${address}`);
  } catch {
    return err(`not a URL: ${address}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err(`not an http(s) URL: ${address}`);
  if (url.pathname !== ADMIN_DRAIN_PATH) url.pathname = ADMIN_DRAIN_PATH;
  return ok(url);
}

/** Asks the service at `address` to drain (`POST /admin/drain`) and waits for its report. */
export async function requestDrain(address: string, options: DrainCallOptions): Promise<Result<DrainReport, DrainCallFailure>> {
  const url = drainUrlOf(address);
  if (!url.ok) return err({ kind: 'unreachable', message: url.error });
  let response: Response;
  try {
    response = await fetch(url.value, {
      method: 'POST',
      headers: options.token === undefined ? {} : { authorization: bearer(options.token) },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return err({ kind: 'timeout', message: `${url.value.href} did not finish draining within ${options.timeoutMs} ms` });
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return err({ kind: 'unreachable', message: `cannot reach ${url.value.href}: ${cause}` });
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } & Partial<DrainReport> | undefined;
  if (response.status === 401) return err({ kind: 'unauthorized', message: `${url.value.href} refused the service token (401)` });
  if (!response.ok) return err({ kind: 'failed', message: `${url.value.href} answered ${response.status}: ${body?.error?.message ?? 'no error message'}` });
  if (body === undefined || typeof body.drainMs !== 'number' || typeof body.timedOut !== 'boolean') return err({ kind: 'invalid-reply', message: `${url.value.href} answered 200 without a drain report` });
  return ok({ reason: String(body.reason), drainMs: body.drainMs, timedOut: body.timedOut, ...(body.handedOver ? { handedOver: body.handedOver } : {}) });
}
