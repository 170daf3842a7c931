import { type ServerResponse } from 'node:http';
import { type CompletionResponse } from '@tsukimi/conductor';
import { type ApiError, SSE_HEADERS } from '@tsukimi/openai';

/** Writes JSON or server-sent events to the raw response, and knows whether the client is still there. */
export class ResponseWriter implements CompletionResponse {
  private streaming = false;
  private corked = false;
  /** Releases this writer's one cork, once: the socket's cork is a count it may share with the connection's next response. */
  private readonly uncork = () => {
    if (!this.corked) return;
    this.corked = false;
    this.raw.uncork();
  };

  constructor(
    private readonly raw: ServerResponse,
    private extraHeaders: Readonly<Record<string, string>>,
  ) {}

  get streamStarted(): boolean {
    return this.streaming;
  }

  headers(values: Readonly<Record<string, string>>): void {
    this.extraHeaders = { ...this.extraHeaders, ...values };
  }

  json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
    if (this.raw.headersSent) return;
    const text = JSON.stringify(body);
    this.raw.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...this.extraHeaders, ...headers });
    this.raw.end(text);
  }

  error(error: ApiError): void {
    this.json(error.status, error.body, error.headers);
  }

  /**
   * Sends the event-stream headers once, then each frame as it comes. Frames written in one turn
   * of the event loop (the tokens of one decode message, or of messages read together) leave in
   * one socket write at the end of that turn, each still an event of its own.
   */
  sse(frame: string): void {
    if (!this.streaming) {
      this.streaming = true;
      this.raw.writeHead(200, { ...SSE_HEADERS, ...this.extraHeaders });
    }
    if (!frame) return;
    if (!this.corked) {
      this.corked = true;
      this.raw.cork();
      setImmediate(this.uncork);
    }
    this.raw.write(frame);
  }

  end(): void {
    this.uncork();
    if (!this.raw.writableEnded) this.raw.end();
  }
}
