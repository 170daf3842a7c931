import { type RawReply } from './raw-http.client';

export type Endpoint = 'completions' | 'chat';

/** What a fuzz case may be answered with. */
export interface Expectation {
  readonly endpoint: Endpoint;
  /**
   * Where a 400 must point: fields (`param` equal to one or below it, `stop` or `stop[0]`); null
   * for a 400 about the body as a whole (`param: null`); absent when any param will do.
   */
  readonly params?: readonly string[] | null;
  /** Statuses allowed besides 200, 400 and 404 (for an unknown model): 413, 415. */
  readonly statuses?: readonly number[];
  /** The one status allowed. */
  readonly status?: number;
}

/** Statuses a client error may come with, each in OpenAI's `invalid_request_error` type. */
const CLIENT_ERRORS = [400, 404, 413, 415];

/** A request whose choices outnumber what the instances take in flight is turned away as over capacity. */
const OVER_CAPACITY = 429;

/**
 * Judges one reply; returns what is wrong with it, or undefined. Never a 5xx; a 4xx is OpenAI
 * error JSON `{error: {message, type, param, code}}`, of type `invalid_request_error` whose param
 * names the field at fault (or `requests` for a 429);
 * a 200 is a well-formed completion (JSON, or server-sent events ending in `[DONE]`).
 */
export function judgeReply(reply: RawReply, e: Expectation): string | undefined {
  if (e.status !== undefined && reply.status !== e.status) return `status ${reply.status}, expected ${e.status}: ${reply.body.slice(0, 200)}`;
  if (reply.status === 200) return reply.contentType.startsWith('text/event-stream') ? judgeStream(reply.body, e.endpoint) : judgeCompletion(reply.body, e.endpoint);
  if (reply.status === OVER_CAPACITY) {
    const error = errorOf(reply.body);
    if (typeof error === 'string') return error;
    return error.type === 'requests' && error.code === 'rate_limit_exceeded' ? undefined : `429 of type ${String(error.type)}`;
  }
  if (!CLIENT_ERRORS.includes(reply.status)) return `status ${reply.status}`;
  if (reply.status !== 400 && reply.status !== 404 && !(e.statuses ?? []).includes(reply.status)) return `status ${reply.status}`;
  const error = errorOf(reply.body);
  if (typeof error === 'string') return error;
  if (error.type !== 'invalid_request_error') return `error type ${String(error.type)}`;
  if (reply.status === 404) {
    const expected = e.params === undefined || (e.params !== null && e.params.includes('model'));
    return expected && error.param === 'model' && error.code === 'model_not_found' ? undefined : `404: ${reply.body.slice(0, 200)}`;
  }
  if (reply.status !== 400 || e.params === undefined) return undefined;
  if (e.params === null) return error.param === null ? undefined : `param ${String(error.param)}, expected null`;
  const param = error.param;
  const rooted = typeof param === 'string' && e.params.some((p) => param === p || param.startsWith(`${p}.`) || param.startsWith(`${p}[`));
  return rooted ? undefined : `param ${String(param)}, expected one of ${e.params.join(', ')}`;
}

interface ErrorJson {
  readonly message: unknown;
  readonly type: unknown;
  readonly param: unknown;
  readonly code: unknown;
}

function errorOf(body: string): ErrorJson | string {
  const json = parse(body) as { error?: ErrorJson } | undefined;
  const error = json?.error;
  if (typeof error !== 'object' || error === null) return `not OpenAI error JSON: ${body.slice(0, 200)}`;
  const keys = Object.keys(json!).join(',') + '|' + Object.keys(error).sort().join(',');
  if (keys !== 'error|code,message,param,type') return `error JSON with keys ${keys}`;
  if (typeof error.message !== 'string' || error.message === '') return 'error without a message';
  if (typeof error.type !== 'string') return 'error without a type';
  if (error.param !== null && typeof error.param !== 'string') return 'param neither a string nor null';
  if (error.code !== null && typeof error.code !== 'string') return 'code neither a string nor null';
  return error;
}

interface ChoiceJson {
  readonly index?: unknown;
  readonly text?: unknown;
  readonly message?: { readonly role?: unknown; readonly content?: unknown };
  readonly delta?: unknown;
  readonly finish_reason?: unknown;
}

function judgeCompletion(body: string, endpoint: Endpoint): string | undefined {
  const json = parse(body) as { object?: unknown; choices?: ChoiceJson[]; usage?: { completion_tokens?: unknown } } | undefined;
  const object = endpoint === 'chat' ? 'chat.completion' : 'text_completion';
  if (json?.object !== object) return `200 but not a ${object}: ${body.slice(0, 200)}`;
  if (!Array.isArray(json.choices) || json.choices.length === 0) return '200 without choices';
  for (const choice of json.choices) {
    if (typeof choice.index !== 'number' || !['stop', 'length'].includes(String(choice.finish_reason))) return `a malformed choice: ${JSON.stringify(choice).slice(0, 200)}`;
    const text = endpoint === 'chat' ? choice.message?.content : choice.text;
    if (typeof text !== 'string' || (endpoint === 'chat' && choice.message?.role !== 'assistant')) return `a choice without text: ${JSON.stringify(choice).slice(0, 200)}`;
  }
  return typeof json.usage?.completion_tokens === 'number' ? undefined : '200 without usage';
}

function judgeStream(body: string, endpoint: Endpoint): string | undefined {
  const frames = body.split('\n\n').filter((f) => f !== '');
  if (frames.at(-1) !== 'data: [DONE]') return `a stream not ending in [DONE]: ${body.slice(-200)}`;
  const object = endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  for (const frame of frames.slice(0, -1)) {
    const chunk = frame.startsWith('data: ') ? (parse(frame.slice(6)) as { object?: unknown } | undefined) : undefined;
    if (chunk?.object !== object) return `a stream frame not a ${object}: ${frame.slice(0, 200)}`;
  }
  return frames.length > 1 ? undefined : 'a stream with no chunk';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
