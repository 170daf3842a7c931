import * as http from 'node:http';
import { nowMs } from '../lib/bench-stats';
import { endpointOf, requestBody, type ScaleOutShape } from './scale-out.plan';

export interface Endpoint {
  readonly port: number;
  readonly agent: http.Agent;
}

export interface PhaseCount {
  readonly completed: number;
  readonly failed: number;
  readonly seconds: number;
  /** The first failure's words, when any. */
  readonly firstFailure?: string;
}

/** Deadline of one request: far longer than any takes unless something is stuck. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A keep-alive HTTP client to one conductor on loopback, as many sockets as the client keeps requests in flight. */
export function endpoint(port: number, concurrency: number): Endpoint {
  return { port, agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }) };
}

/**
 * A closed loop: `concurrency` requests in flight, each replaced as it ends, until `phaseMs` has
 * passed; the requests in turn to each endpoint. Raw HTTP and the SSE stream read to its end
 * without parsing each event, so the client's own CPU per request stays small.
 */
export async function runPhase(endpoints: readonly Endpoint[], shape: ScaleOutShape, model: string, firstRequest: number): Promise<PhaseCount & { readonly nextRequest: number }> {
  const startMs = nowMs();
  const endMs = startMs + shape.phaseMs;
  let next = firstRequest;
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const worker = async () => {
    while (nowMs() < endMs) {
      const i = next++;
      const outcome = await streamedCompletion(endpointOf(i, endpoints), requestBody(i, shape, model));
      if (outcome === undefined) completed++;
      else {
        failed++;
        firstFailure ??= outcome;
      }
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency }, worker));
  return { completed, failed, seconds: (nowMs() - startMs) / 1000, nextRequest: next, ...(firstFailure ? { firstFailure } : {}) };
}

/** One streamed completion read to `data: [DONE]`; undefined when it got there, else why not. */
function streamedCompletion(to: Endpoint, body: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: '127.0.0.1', port: to.port, path: '/v1/completions', method: 'POST', agent: to.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: REQUEST_TIMEOUT_MS },
      (response) => {
        let tail = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (tail = (tail + chunk).slice(-64)));
        response.on('end', () => resolve(response.statusCode === 200 && tail.trimEnd().endsWith('data: [DONE]') ? undefined : `status ${response.statusCode}: ${tail}`));
        response.on('error', (error) => resolve(error.message));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve(error.message));
    request.end(body);
  });
}
