import Anthropic from '@anthropic-ai/sdk';
import { anthropicError } from '../errors/anthropic-error';
import { MessageStream } from '../stream/message.stream';
import { promptCacheUsage } from './cache.usage';
import { buildMessage, type MessageUsage, type Stop } from './message.builder';
import { stopOf } from './stop.reason';

const USAGE: MessageUsage = { inputTokens: 4, cacheReadInputTokens: 32, cacheCreationInputTokens: 16, cacheCreationOneHourTokens: 0, outputTokens: 3 };
const END: Stop = { reason: 'stop_sequence', sequence: '\n' };

/** The official client, answered by `reply` instead of a server. */
function clientAnswering(reply: () => Response): Anthropic {
  return new Anthropic({ apiKey: 'unused', baseURL: 'http://fake.invalid', maxRetries: 0, fetch: async () => reply() });
}
const ask = { model: 'tiny', max_tokens: 8, messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('promptCacheUsage', () => {
  it.each([
    ['no breakpoint', [100, 0, 0, 0], [100, 0, 0, 0]],
    ['a first write, whole blocks only', [100, 0, 70, 0], [36, 0, 64, 0]],
    ['a read of the marked prefix', [100, 64, 70, 0], [36, 64, 0, 0]],
    ['a read of part of it, writing the rest', [100, 32, 70, 0], [36, 32, 32, 0]],
    ['a read past the breakpoint', [100, 96, 40, 0], [4, 96, 0, 0]],
    ['a read without a breakpoint', [100, 48, 0, 0], [52, 48, 0, 0]],
    ['a write up to a 1h breakpoint, then a 5m one', [100, 0, 70, 40], [36, 0, 64, 32]],
    ['a write past a 1h prefix already read', [100, 32, 70, 40], [36, 32, 32, 0]],
    ['a write whose only breakpoint is 1h', [100, 0, 70, 70], [36, 0, 64, 64]],
  ])('splits %s', (_, [promptTokens, cachedTokens, breakpointTokens, oneHourBreakpointTokens], [inputTokens, read, created, oneHour]) => {
    expect(promptCacheUsage({ promptTokens: promptTokens!, cachedTokens: cachedTokens!, breakpointTokens: breakpointTokens!, oneHourBreakpointTokens: oneHourBreakpointTokens!, blockSizeTokens: 16 })).toEqual({
      inputTokens,
      cacheReadInputTokens: read,
      cacheCreationInputTokens: created,
      cacheCreationOneHourTokens: oneHour,
    });
  });
});

describe('stopOf', () => {
  const end = { finishReason: 'stop' as const, endedOnEndToken: false, shownText: 'Hello', decodedText: 'Hello', stopSequences: ['\n', '\n\n', 'END'] };
  it.each<[string, Partial<Parameters<typeof stopOf>[0]>, Stop]>([
    ['the token budget ran out', { finishReason: 'length' }, { reason: 'max_tokens' }],
    ['an end-of-turn token', { endedOnEndToken: true, decodedText: 'Hello</s>' }, { reason: 'end_turn' }],
    ['a stop sequence', { decodedText: 'HelloEND' }, { reason: 'stop_sequence', sequence: 'END' }],
    ['the shorter of two sequences at the same place', { decodedText: 'Hello\n\n' }, { reason: 'stop_sequence', sequence: '\n' }],
    ['a stop without any sequence after the text', {}, { reason: 'end_turn' }],
  ])('says %s', (_, change, stop) => {
    expect(stopOf({ ...end, ...change })).toEqual(stop);
  });
});

describe('Messages answers through the official client', () => {
  it('reads a non-streamed Message with its stop and usage', async () => {
    const body = buildMessage({ id: 'msg_1', model: 'tiny', text: 'Hello', stop: END, usage: USAGE });
    const message = await clientAnswering(() => Response.json(body)).messages.create(ask);
    expect(message).toMatchObject({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'stop_sequence',
      stop_sequence: '\n',
      usage: { input_tokens: 4, output_tokens: 3, cache_read_input_tokens: 32, cache_creation_input_tokens: 16, cache_creation: { ephemeral_5m_input_tokens: 16, ephemeral_1h_input_tokens: 0 } },
    });
  });

  it('streams events in order, and the final message carries the whole usage', async () => {
    const stream = new MessageStream({ id: 'msg_2', model: 'tiny', promptTokens: 52 });
    const frames = stream.open() + stream.delta('Hel') + stream.delta('') + stream.delta('lo') + stream.end({ reason: 'end_turn' }, USAGE);
    expect(stream.ended).toBe(true);
    const events = [...frames.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const sse = () => new Response(frames, { headers: { 'content-type': 'text/event-stream' } });
    const texts: string[] = [];
    const message = await clientAnswering(sse)
      .messages.stream(ask)
      .on('text', (text) => texts.push(text))
      .finalMessage();
    expect(texts).toEqual(['Hel', 'lo']);
    expect(message).toMatchObject({ id: 'msg_2', content: [{ type: 'text', text: 'Hello' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 4, output_tokens: 3, cache_read_input_tokens: 32, cache_creation_input_tokens: 16 } });
  });

  it('raises an error event mid-stream as the client\'s APIError with its type and message', async () => {
    const stream = new MessageStream({ id: 'msg_3', model: 'tiny', promptTokens: 4 });
    const frames = stream.delta('Hi') + stream.fail(anthropicError(503, 'the prefill instance went away')) + stream.fail(anthropicError(500, 'twice'));
    const sse = () => new Response(frames, { headers: { 'content-type': 'text/event-stream' } });
    const failure = await clientAnswering(sse).messages.stream(ask).finalMessage().then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as Error).message).toContain('the prefill instance went away');
    expect(frames).toContain('"type":"overloaded_error"');
    expect(frames).not.toContain('twice');
  });

  it.each([
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [413, 'request_too_large', Anthropic.APIError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError],
    [503, 'overloaded_error', Anthropic.InternalServerError],
  ])('answers status %i with type %s, as the client\'s own error class', async (status, type, kind) => {
    const error = anthropicError(status, 'max_tokens: Field required');
    const failure = await clientAnswering(() => Response.json(error.body, { status })).messages.create(ask).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(kind);
    expect(failure).toMatchObject({ status, error: { type: 'error', error: { type, message: 'max_tokens: Field required' } } });
  });
});
