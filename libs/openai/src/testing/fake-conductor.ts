import { ByteTokenizer, renderChatPrompt } from '@tsukimi/engine';
import { invalidJson, modelNotFound, routeNotFound } from '../errors/api-error.builders';
import { type ApiError } from '../errors/api-error.model';
import { parseChatCompletionRequest } from '../request/chat-request.parser';
import { parseCompletionRequest } from '../request/completion-request.parser';
import { checkTokenIds, fitTokenBudget } from '../request/prompt.checks';
import { buildChatCompletion, buildCompletion, buildModelList, type ChoiceOutput } from '../response/completion.builder';
import { tokenPieces, type TokenLogprobs } from '../response/logprobs.format';
import { type FinishReason } from '../response/wire.types';
import { ResponseIds } from '../response/response-ids';
import { ChatStream } from '../stream/chat.stream';
import { CompletionStream } from '../stream/completion.stream';
import { SSE_HEADERS } from '../stream/sse.frame';
import { type SseStream } from '../stream/sse.stream';

/** The text every fake generation produces, cut to the token budget (multi-byte on purpose). */
export const FAKE_REPLY = 'Hi ✓ there';

export interface FakeConductorOptions {
  readonly model: string;
  readonly contextTokens: number;
  /** Answer every generation request with this error instead. */
  readonly reject?: ApiError;
  /** In a stream, send this error after this many tokens. */
  readonly failAfterTokens?: { readonly tokens: number; readonly error: ApiError };
}

interface FakeChoice {
  /** The prompt's text when echoed, else empty. */
  readonly prompt: string;
  readonly tokens: readonly number[];
  readonly finishReason: FinishReason;
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` that serves the OpenAI API in-process with this library, the way the conductor
 * wires it, so specs can point the official client at it. Generation is faked: every choice is
 * `FAKE_REPLY`, and asked-for logprobs are -1 for the chosen token and -2 for `!`.
 */
export function fakeConductor(options: FakeConductorOptions): Fetch {
  const tokenizer = new ByteTokenizer();
  let next = 0;
  const ids = new ResponseIds(() => `id${++next}`, () => 1_700_000_000_000);
  const pieces = tokenPieces((token) => (token < 256 ? Uint8Array.of(token) : '<|special|>'));
  const serve = (path: string, body: unknown): Response => {
    const chat = path === '/v1/chat/completions';
    const parsed = chat ? parseChatCompletionRequest(body) : parseCompletionRequest(body);
    if (!parsed.ok) return errorResponse(parsed.error);
    const request = parsed.value;
    if (request.model !== options.model) return errorResponse(modelNotFound(request.model));
    if (options.reject !== undefined) return errorResponse(options.reject);
    const prompts = 'messages' in request ? [renderChatPrompt(request.messages, tokenizer)] : request.prompts.map((p) => (p.kind === 'text' ? tokenizer.encode(p.text) : [...p.tokens]));
    const echo = 'echo' in request && request.echo;
    const choices: FakeChoice[] = [];
    for (const prompt of prompts) {
      const known = checkTokenIds(prompt, tokenizer.vocabSize);
      if (!known.ok) return errorResponse(known.error);
      const budget = fitTokenBudget({ promptTokens: prompt.length, maxTokens: request.maxTokens, contextTokens: options.contextTokens, param: chat ? 'messages' : 'prompt' });
      if (!budget.ok) return errorResponse(budget.error);
      const reply = tokenizer.encode(FAKE_REPLY);
      const tokens = reply.slice(0, budget.value);
      const finishReason = tokens.length < reply.length ? 'length' : 'stop';
      for (let k = 0; k < request.n; k++) choices.push({ prompt: echo ? tokenizer.decode(prompt) : '', tokens, finishReason });
    }
    const usage = {
      promptTokens: prompts.reduce((n, p) => n + p.length, 0),
      completionTokens: choices.reduce((n, c) => n + c.tokens.length, 0),
      cachedTokens: 0,
      tsukimi: { fake: true },
    };
    const stamp = chat ? ids.chat() : ids.completion();
    const logprobsOf = (token: number, text: string): TokenLogprobs[] | undefined =>
      request.logprobs === undefined ? undefined : [{ token, text, logprob: -1, top: [{ token, logprob: -1 }, { token: 0x21, logprob: -2 }].slice(0, request.logprobs) }];
    if (!request.stream) {
      const outputs = choices.map((c): ChoiceOutput => {
        const decoder = tokenizer.streamDecoder();
        const texts = c.tokens.map((t, i) => decoder.push(t) + (i === c.tokens.length - 1 ? decoder.flush() : ''));
        const logprobs = request.logprobs === undefined ? {} : { logprobs: c.tokens.flatMap((t, i) => logprobsOf(t, texts[i]!) ?? []) };
        return { text: c.prompt + texts.join(''), finishReason: c.finishReason, ...(request.returnTokenIds ? { tokenIds: c.tokens } : {}), ...logprobs };
      });
      return jsonResponse(200, (chat ? buildChatCompletion : buildCompletion)({ stamp, model: request.model, choices: outputs, usage, pieces }));
    }
    const setup = { stamp, model: request.model, includeUsage: request.includeUsage, choices: choices.length, pieces };
    const stream: SseStream = chat ? new ChatStream(setup) : new CompletionStream(setup);
    let sse = stream.open();
    for (const [index, c] of choices.entries()) {
      const decoder = tokenizer.streamDecoder();
      for (const [i, token] of c.tokens.entries()) {
        if (options.failAfterTokens?.tokens === i) return sseResponse(sse + stream.fail(options.failAfterTokens.error));
        const last = i === c.tokens.length - 1;
        const text = decoder.push(token) + (last ? decoder.flush() : '');
        const logprobs = logprobsOf(token, text);
        sse += stream.delta({
          index,
          text: (i === 0 ? c.prompt : '') + text,
          ...(request.returnTokenIds ? { tokenIds: [token] } : {}),
          ...(logprobs ? { logprobs } : {}),
          ...(last ? { finishReason: c.finishReason } : {}),
        });
      }
    }
    return sseResponse(sse + stream.end(usage));
  };
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/v1/models') {
      return Promise.resolve(jsonResponse(200, buildModelList([{ id: options.model, created: 1, ownedBy: 'tsukimi' }])));
    }
    if (method !== 'POST' || !['/v1/completions', '/v1/chat/completions'].includes(url.pathname)) {
      return Promise.resolve(errorResponse(routeNotFound(method, url.pathname)));
    }
    let body: unknown;
    try {
      body = JSON.parse(typeof init?.body === 'string' ? init.body : '');
    } catch {
      return Promise.resolve(errorResponse(invalidJson()));
    }
    return Promise.resolve(serve(url.pathname, body));
  };
}

function jsonResponse(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function errorResponse(error: ApiError): Response {
  return jsonResponse(error.status, error.body, error.headers);
}

/** Sends `sse` in 5-byte pieces, so parsers meet frames and characters split across reads. */
export function sseResponse(sse: string): Response {
  const bytes = new TextEncoder().encode(sse);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 5) controller.enqueue(bytes.slice(at, at + 5));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
