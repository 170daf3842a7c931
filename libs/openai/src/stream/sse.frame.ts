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
