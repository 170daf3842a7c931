import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ApiError, CompletionStream, internal, invalidJson, invalidRequest, ProcessUniqueIds, routeNotFound, SSE_HEADERS } from '@tsukimi/openai';
import { DirectPath, type PathRequest } from './direct-path.client';

export interface RouterFloorOptions {
  /** gRPC addresses (`host:port`) of the one prefill and the one decode instance; each is asked once for its relay port. */
  readonly prefillAddress: string;
  readonly decodeAddress: string;
  /** The `model` the chunks name, as the conductor's do. */
  readonly model: string;
  /** Port to listen on, loopback only; 0 for any free one. */
  readonly port: number;
  /** Deadline of each of the two instance calls. */
  readonly timeoutMs: number;
  /** A request that failed after its stream began (it ended with an error frame). */
  readonly onFailure: (error: unknown) => void;
}

export interface RouterFloor {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The least a front door can do for the conductor bench's request, to read the conductor's CPU
 * against: a plain `node:http` server taking the streamed `POST /v1/completions` (token-id
 * prompt, greedy, `ignore_eos`) and, for each, parsing the JSON body, sending the prefill and the
 * decode over the instances' persistent relays exactly as the bench's direct path does (the same
 * fields, the conductor's pool-fetch skip and recompute plan), and writing the tokens of each
 * relay message as one write of `text_completion` SSE chunks, then `[DONE]`. No scheduling,
 * admission, tokenizer, metrics, tracing, framework or retries.
 */
export function startRouterFloor(options: RouterFloorOptions): Promise<RouterFloor> {
  const path = new DirectPath(options.prefillAddress, options.decodeAddress, options.timeoutMs);
  const ids = new ProcessUniqueIds();
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/completions') return void refuse(res, routeNotFound(req.method ?? '', req.url ?? ''));
    const chunks: Buffer[] = [];
    // A client gone before its body ended: nothing to answer.
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void answer(Buffer.concat(chunks), res));
  });

  async function answer(body: Buffer, res: http.ServerResponse): Promise<void> {
    const request = floorRequest(body);
    if ('status' in request) return refuse(res, request);
    const sse = new CompletionStream({ stamp: { id: `cmpl-${ids.next()}`, created: Math.floor(Date.now() / 1000) }, model: options.model, includeUsage: false });
    res.writeHead(200, SSE_HEADERS);
    try {
      await path.time(request, (tokens) => {
        let frames = '';
        for (const t of tokens) frames += sse.delta(t.finishReason === 'stop' || t.finishReason === 'length' ? { text: t.text, finishReason: t.finishReason } : { text: t.text });
        res.write(frames);
      });
      res.end(sse.end({ promptTokens: request.promptTokens.length, completionTokens: request.maxTokens, cachedTokens: 0 }));
    } catch (error) {
      options.onFailure(error);
      res.end(sse.fail(internal()));
    }
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => {
          path.close();
          return new Promise((closed) => server.close(() => closed()));
        },
      });
    });
  });
}

/** The request the floor serves, or the 400 for a body it does not take (the bench sends none). */
function floorRequest(body: Buffer): PathRequest | ApiError {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return invalidJson();
  }
  const { prompt, max_tokens: maxTokens, stream, temperature, ignore_eos: ignoreEos } = (json ?? {}) as Record<string, unknown>;
  if (!Array.isArray(prompt) || prompt.length === 0 || !prompt.every((t) => Number.isInteger(t) && t >= 0)) return invalidRequest('prompt must be a non-empty array of token ids', 'prompt');
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) return invalidRequest('max_tokens must be a whole number of at least 1', 'max_tokens');
  if (stream !== true || temperature !== 0 || ignoreEos !== true) return invalidRequest('the router floor serves only streamed greedy requests with ignore_eos', null);
  return { promptTokens: prompt as number[], maxTokens: maxTokens as number };
}

function refuse(res: http.ServerResponse, error: ApiError): void {
  res.writeHead(error.status, { 'content-type': 'application/json', ...error.headers });
  res.end(JSON.stringify(error.body));
}
