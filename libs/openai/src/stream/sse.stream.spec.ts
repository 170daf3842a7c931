import { serviceUnavailable } from '../errors/api-error.builders';
import { type Usage } from '../response/completion.builder';
import { tokenPieces } from '../response/logprobs.format';
import { ChatStream } from './chat.stream';
import { CompletionStream } from './completion.stream';
import { type StreamSetup } from './sse.stream';

const usage: Usage = { promptTokens: 4, completionTokens: 2, cachedTokens: 0 };
const usageJson = { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6, prompt_tokens_details: { cached_tokens: 0 } };
const setup = (includeUsage: boolean, id: string): StreamSetup => ({ stamp: { id, created: 7 }, model: 'tiny', includeUsage });

/** The events of an SSE text, checking its framing: `data: ` lines, each followed by a blank line. */
function events(sse: string): unknown[] {
  expect(sse.endsWith('\n\n')).toBe(true);
  return sse
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      const data = frame.slice('data: '.length);
      return data === '[DONE]' ? '[DONE]' : JSON.parse(data);
    });
}

const cmpl = (choices: unknown[], extra: object = {}): object => ({ id: 'cmpl-1', object: 'text_completion', created: 7, model: 'tiny', choices, ...extra });
const chat = (choices: unknown[], extra: object = {}): object => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 7, model: 'tiny', choices, ...extra });

describe('CompletionStream', () => {
  it.each([
    [
      'without usage',
      false,
      [
        cmpl([{ index: 0, text: 'He', finish_reason: null, logprobs: null }]),
        cmpl([{ index: 0, text: 'y', finish_reason: 'length', logprobs: null }]),
        '[DONE]',
      ],
    ],
    [
      'with include_usage',
      true,
      [
        cmpl([{ index: 0, text: 'He', finish_reason: null, logprobs: null }], { usage: null }),
        cmpl([{ index: 0, text: 'y', finish_reason: 'length', logprobs: null }], { usage: null }),
        cmpl([], { usage: usageJson }),
        '[DONE]',
      ],
    ],
  ])('sends text chunks, the finish reason on the last, then [DONE] (%s)', (_name, includeUsage, expected) => {
    const stream = new CompletionStream(setup(includeUsage, 'cmpl-1'));
    const sse = stream.open() + stream.delta({ text: 'He' }) + stream.delta({ text: '' }) + stream.delta({ text: 'y', finishReason: 'length' }) + stream.end(usage);
    expect(events(sse)).toEqual(expected);
    expect(stream.ended).toBe(true);
  });

  it('sends token_ids when given, even for a token whose text is still pending', () => {
    const stream = new CompletionStream(setup(false, 'cmpl-1'));
    expect(events(stream.delta({ text: '', tokenIds: [0xe2] }))).toEqual([cmpl([{ index: 0, text: '', finish_reason: null, logprobs: null, token_ids: [0xe2] }])]);
  });
});

describe('ChatStream', () => {
  it('announces the role, streams content, and finishes with an empty delta', () => {
    const stream = new ChatStream(setup(false, 'chatcmpl-1'));
    const sse = stream.open() + stream.delta({ text: 'Hi' }) + stream.delta({ text: '!', finishReason: 'stop' }) + stream.end(usage);
    expect(events(sse)).toEqual([
      chat([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 0, delta: { content: '!' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
      '[DONE]',
    ]);
  });

  it('opens by itself on the first delta, and sends usage: null on every chunk with include_usage', () => {
    const stream = new ChatStream(setup(true, 'chatcmpl-1'));
    const sse = stream.delta({ text: '', finishReason: 'length' }) + stream.end(usage);
    expect(events(sse)).toEqual([
      chat([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], { usage: null }),
      chat([{ index: 0, delta: {}, logprobs: null, finish_reason: 'length' }], { usage: null }),
      chat([], { usage: usageJson }),
      '[DONE]',
    ]);
  });
});

describe('streams of several choices', () => {
  const pieces = tokenPieces((token) => Uint8Array.of(token));

  it('interleave chat choices, announcing the role of each first, and end once all finished', () => {
    const stream = new ChatStream({ ...setup(false, 'chatcmpl-1'), choices: 2 });
    const sse = stream.delta({ index: 1, text: 'b' }) + stream.delta({ index: 0, text: 'a', finishReason: 'stop' });
    expect(() => stream.end(usage)).toThrow(/every choice/);
    const rest = stream.delta({ index: 1, text: '', finishReason: 'length' }) + stream.end(usage);
    expect(events(sse + rest)).toEqual([
      chat([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 1, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 1, delta: { content: 'b' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 0, delta: { content: 'a' }, logprobs: null, finish_reason: null }]),
      chat([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
      chat([{ index: 1, delta: {}, logprobs: null, finish_reason: 'length' }]),
      '[DONE]',
    ]);
  });

  it.each([
    ['an index beyond the choices', (s: CompletionStream) => s.delta({ index: 2, text: 'x' })],
    ['a delta after its choice finished', (s: CompletionStream) => (s.delta({ index: 1, text: 'x', finishReason: 'stop' }), s.delta({ index: 1, text: 'y' }))],
    ['logprobs without token pieces', (s: CompletionStream) => s.delta({ text: 'x', logprobs: [{ token: 120, text: 'x', logprob: 0, top: [] }] })],
  ])('treat %s as a bug', (_name, misuse) => {
    expect(() => misuse(new CompletionStream({ ...setup(false, 'cmpl-1'), choices: 2 }))).toThrow(/SseStream/);
  });

  it('carry completion logprobs per chunk, text offsets running on per choice', () => {
    const stream = new CompletionStream({ ...setup(false, 'cmpl-1'), choices: 2, pieces });
    const lp = (token: number, text: string) => [{ token, text, logprob: -1, top: [] }];
    const sse =
      stream.delta({ index: 0, text: 'a', logprobs: lp(97, 'a') }) +
      stream.delta({ index: 1, text: 'PROMPT:c', logprobs: lp(99, 'c') }) +
      stream.delta({ index: 0, text: 'b', logprobs: lp(98, 'b'), finishReason: 'length' });
    const offsets = events(sse).map((e) => {
      const choice = (e as { choices: { index: number; logprobs: { text_offset: number[]; tokens: string[] } }[] }).choices[0]!;
      return [choice.index, choice.logprobs.tokens[0], choice.logprobs.text_offset[0]];
    });
    expect(offsets).toEqual([
      [0, 'a', 0],
      [1, 'c', 7],
      [0, 'b', 1],
    ]);
  });

  it('send a chat chunk for a token whose text is still pending when it carries logprobs', () => {
    const stream = new ChatStream({ ...setup(false, 'chatcmpl-1'), pieces });
    stream.open();
    expect(events(stream.delta({ text: '', logprobs: [{ token: 0xe2, text: '', logprob: -1, top: [] }] }))).toEqual([
      chat([{ index: 0, delta: { content: '' }, logprobs: { content: [{ token: 'bytes:\\xe2', logprob: -1, bytes: [0xe2], top_logprobs: [] }], refusal: null }, finish_reason: null }]),
    ]);
  });
});

describe('stream lifecycle', () => {
  const failure = serviceUnavailable('The decode instance failed.');

  it.each([
    ['before anything was sent', (s: ChatStream) => s],
    ['mid-stream', (s: ChatStream) => (s.delta({ text: 'a' }), s)],
    ['after the finish reason', (s: ChatStream) => (s.delta({ text: 'a', finishReason: 'stop' }), s)],
  ])('fails %s with an error frame and [DONE]', (_name, advance) => {
    const stream = advance(new ChatStream(setup(true, 'chatcmpl-1')));
    expect(events(stream.fail(failure))).toEqual([failure.body, '[DONE]']);
    expect(stream.ended).toBe(true);
    expect(stream.fail(failure)).toBe('');
  });

  it('sends nothing for a failure after the end', () => {
    const stream = new CompletionStream(setup(false, 'cmpl-1'));
    stream.delta({ text: 'a', finishReason: 'stop' });
    stream.end(usage);
    expect(stream.fail(failure)).toBe('');
  });

  it.each([
    ['end before a finish reason', (s: CompletionStream) => s.end(usage)],
    ['end twice', (s: CompletionStream) => (s.delta({ text: 'a', finishReason: 'stop' }), s.end(usage), s.end(usage))],
    ['a delta after the finish reason', (s: CompletionStream) => (s.delta({ text: 'a', finishReason: 'stop' }), s.delta({ text: 'b' }))],
  ])('treats %s as a bug', (_name, misuse) => {
    expect(() => misuse(new CompletionStream(setup(false, 'cmpl-1')))).toThrow(/SseStream/);
  });

  it('opens once', () => {
    const stream = new ChatStream(setup(false, 'chatcmpl-1'));
    expect(stream.open()).not.toBe('');
    expect(stream.open()).toBe('');
  });
});
