/** The frame that ends every stream, as the OpenAI API and vLLM send it. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** Response headers for a server-sent event stream (`x-accel-buffering` keeps proxies from holding tokens back). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** One `data:` event carrying `json`; JSON text holds no raw newline, so one line is always enough. */
export function sseData(json: unknown): string {
  return `data: ${JSON.stringify(json)}\n\n`;
}

/** Stands for a delta's text in a chunk template; no model name or id holds these bytes. */
const TEXT_SLOT = '\u0000tsukimi-text-slot\u0000';
const TEXT_SLOT_JSON = JSON.stringify(TEXT_SLOT);

/**
 * A `data:` event for `chunk` with its text left open: `fill(text)` gives exactly
 * `sseData(chunk with TEXT_SLOT replaced by text)`, at the cost of one string's JSON, where
 * building and stringifying the whole chunk per token costs several times that.
 */
export function sseTextTemplate(chunkWithSlot: (slot: string) => object): (text: string) => string {
  const json = JSON.stringify(chunkWithSlot(TEXT_SLOT));
  const at = json.indexOf(TEXT_SLOT_JSON);
  if (at < 0 || json.indexOf(TEXT_SLOT_JSON, at + 1) >= 0) throw new Error('sseTextTemplate: the chunk must hold the text slot exactly once');
  const prefix = `data: ${json.slice(0, at)}`;
  const suffix = `${json.slice(at + TEXT_SLOT_JSON.length)}\n\n`;
  return (text) => prefix + JSON.stringify(text) + suffix;
}

/** A chunk as `SseStream` sends it when the request asked for usage: `usage: null` last. */
export function usageSlot(chunk: object, withUsage: boolean): object {
  return withUsage ? { ...chunk, usage: null } : chunk;
}
