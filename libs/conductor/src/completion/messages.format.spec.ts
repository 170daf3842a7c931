import { type MessagesRequest } from '@tsukimi/anthropic';
import { ByteTokenizer } from '@tsukimi/engine';
import { type ApiError, serviceUnavailable } from '@tsukimi/openai';
import { type CompletionResponse } from './completion.ports';
import { anthropicErrors, type MessagesAnswer, messagesFormat } from './messages.format';

const tokenizer = new ByteTokenizer();
const bytes = (text: string) => [...Buffer.from(text)];
const request: MessagesRequest = { model: 'tiny', maxTokens: 8, system: [], messages: [{ role: 'user', content: [{ text: 'Hi' }] }], stopSequences: ['\n'], temperature: 0, topP: 1, topK: 0, stream: false };
const answer = (change: Partial<MessagesAnswer> = {}): MessagesAnswer => ({ request, id: 'msg_1', promptTokens: 40, breakpointTokens: 20, oneHourBreakpointTokens: 0, blockSizeTokens: 16, tokenizer, endTokens: new Set([tokenizer.eosToken]), ...change });
const usage = { promptTokens: 40, completionTokens: 3, cachedTokens: 0 };

/** The `data` of each event in a stream, by event name. */
const events = (frames: string) => [...frames.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1], data: JSON.parse(m[2]!) as Record<string, unknown> }));

describe('messagesFormat', () => {
  it.each([
    ['a stop sequence', 'ok', [...bytes('ok\n')], 'stop', { stop_reason: 'stop_sequence', stop_sequence: '\n' }],
    ['an end of turn', 'ok', [...bytes('ok'), tokenizer.eosToken], 'stop', { stop_reason: 'end_turn', stop_sequence: null }],
    ['the token budget', 'oka', bytes('oka'), 'length', { stop_reason: 'max_tokens', stop_sequence: null }],
  ] as const)('answers a Message that ended at %s', (_, text, tokenIds, finishReason, stop) => {
    const body = messagesFormat(answer()).body([{ text, tokenIds, finishReason }], usage);
    expect(body).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'tiny',
      content: [{ type: 'text', text }],
      ...stop,
      usage: { input_tokens: 24, output_tokens: 3, cache_creation_input_tokens: 16, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 16, ephemeral_1h_input_tokens: 0 } },
    });
  });

  it('streams the text, then the stop and the whole usage, reading the ids the deltas carry', () => {
    const stream = messagesFormat(answer({ request: { ...request, stream: true } })).stream!;
    const frames = stream.open() + stream.delta({ text: 'o', tokenIds: bytes('o') }) + stream.delta({ text: 'k', tokenIds: bytes('k\n'), finishReason: 'stop' }) + stream.end({ ...usage, cachedTokens: 16 });
    const sent = events(frames);
    expect(sent.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(sent[0]!.data).toMatchObject({ message: { id: 'msg_1', usage: { input_tokens: 40, output_tokens: 0 } } });
    expect(sent[6]!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'stop_sequence', stop_sequence: '\n' },
      usage: { input_tokens: 24, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 16 },
    });
  });

  it('ends a failed stream with an error event in Anthropic\'s shape', () => {
    const stream = messagesFormat(answer({ request: { ...request, stream: true } })).stream!;
    const sent = events(stream.delta({ text: 'o' }) + stream.fail(serviceUnavailable('no instance can take it')));
    expect(sent[sent.length - 1]).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'no instance can take it' } } });
  });
});

describe('anthropicErrors', () => {
  it('sends every error of the shared path in Anthropic\'s shape, status and headers kept', () => {
    const sent: unknown[] = [];
    const out: CompletionResponse = { streamStarted: false, headers: () => undefined, json: (...args) => sent.push(args), error: (e: ApiError) => sent.push(e), sse: () => undefined, end: () => undefined };
    anthropicErrors(out).error(serviceUnavailable('not ready', 2));
    expect(sent).toEqual([[503, { type: 'error', error: { type: 'overloaded_error', message: 'not ready' } }, { 'retry-after': '2', 'retry-after-ms': '2000' }]]);
  });
});
