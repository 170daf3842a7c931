import { parseMessagesRequest } from './messages-request.parser';
import { type MessagesLimits } from './messages-request.model';

const LIMITS: MessagesLimits = { maxTokens: 4096, maxMessages: 8, maxStopSequences: 2, maxStopSequenceChars: 16 };
const base = { model: 'tiny', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] };
const marked = (text: string, ttl?: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } });

describe('parseMessagesRequest', () => {
  it('reads a minimal request with Anthropic defaults', () => {
    expect(parseMessagesRequest(base, LIMITS)).toEqual({
      ok: true,
      value: { model: 'tiny', maxTokens: 16, system: [], messages: [{ role: 'user', content: [{ text: 'Hi' }] }], stopSequences: [], temperature: 1, topP: 1, topK: 0, stream: false },
    });
  });

  it('reads system blocks, content blocks, sampling, stops, metadata and the last cache breakpoint', () => {
    const parsed = parseMessagesRequest(
      {
        ...base,
        system: [{ type: 'text', text: 'Be brief.' }, marked('Long rules.', '1h')],
        messages: [
          { role: 'user', content: [marked('A document.'), { type: 'text', text: 'Question?' }] },
          { role: 'assistant', content: 'Answer.' },
          { role: 'user', content: [marked('Follow-up?')] },
        ],
        stop_sequences: ['\n\n'],
        temperature: 0,
        top_p: 0.5,
        top_k: 3,
        stream: true,
        metadata: { user_id: 'u-1' },
        tool_choice: { type: 'auto' },
        thinking: { type: 'disabled' },
      },
      LIMITS,
    );
    expect(parsed.ok && parsed.value).toMatchObject({
      system: [{ text: 'Be brief.' }, { text: 'Long rules.', cacheControl: { ttl: '1h' } }],
      messages: [{ content: [{ text: 'A document.', cacheControl: { ttl: '5m' } }, { text: 'Question?' }] }, { role: 'assistant', content: [{ text: 'Answer.' }] }, {}],
      stopSequences: ['\n\n'],
      temperature: 0,
      topP: 0.5,
      topK: 3,
      stream: true,
      userId: 'u-1',
      lastBreakpoint: { in: 'messages', message: 2, block: 0 },
    });
  });

  it('names a breakpoint in the system prompt by its block, and the last 1h one apart', () => {
    const parsed = parseMessagesRequest({ ...base, system: [marked('Rules.')] }, LIMITS);
    expect(parsed.ok && parsed.value.lastBreakpoint).toEqual({ in: 'system', block: 0 });
    expect(parsed.ok && parsed.value.lastOneHourBreakpoint).toBeUndefined();
    const long = parseMessagesRequest({ ...base, system: [marked('Rules.', '1h'), marked('More.', '1h'), marked('Recent.')] }, LIMITS);
    expect(long.ok && [long.value.lastOneHourBreakpoint, long.value.lastBreakpoint]).toEqual([{ in: 'system', block: 1 }, { in: 'system', block: 2 }]);
  });

  const without = (key: keyof typeof base) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
  it.each<[string, unknown, string]>([
    ['a body that is not an object', [], ''],
    ['no model', without('model'), 'model'],
    ['a model that is not a string', { ...base, model: 3 }, 'model'],
    ['no max_tokens', without('max_tokens'), 'max_tokens'],
    ['max_tokens 0', { ...base, max_tokens: 0 }, 'max_tokens'],
    ['max_tokens over the limit', { ...base, max_tokens: 4097 }, 'max_tokens'],
    ['max_tokens not an integer', { ...base, max_tokens: 1.5 }, 'max_tokens'],
    ['no messages', without('messages'), 'messages'],
    ['empty messages', { ...base, messages: [] }, 'messages'],
    ['too many messages', { ...base, messages: Array.from({ length: 9 }, () => ({ role: 'user', content: 'x' })) }, 'messages'],
    ['a message that is not an object', { ...base, messages: ['hi'] }, 'messages.0'],
    ['an unknown role', { ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role'],
    ['a message without content', { ...base, messages: [{ role: 'user' }] }, 'messages.0.content'],
    ['empty string content', { ...base, messages: [{ role: 'user', content: '' }] }, 'messages.0.content'],
    ['content that is a number', { ...base, messages: [{ role: 'user', content: 5 }] }, 'messages.0.content'],
    ['an image block', { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: {} }] }] }, 'messages.0.content.0.type'],
    ['a text block without text', { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages.0.content.0.text'],
    ['an empty text block', { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, 'messages.0.content.0.text'],
    ['a cache_control of another type', { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'forever' } }] }] }, 'messages.0.content.0.cache_control.type'],
    ['an unknown ttl', { ...base, system: [marked('x', '10m')] }, 'system.0.cache_control.ttl'],
    ['a cache_control that is a string', { ...base, system: [{ type: 'text', text: 'x', cache_control: 'ephemeral' }] }, 'system.0.cache_control'],
    ['five breakpoints', { ...base, system: [1, 2, 3, 4, 5].map((i) => marked(`s${i}`)) }, 'system.4.cache_control'],
    ['a 1h breakpoint after a 5m one', { ...base, system: [marked('a'), marked('b', '1h')] }, 'system.1.cache_control.ttl'],
    ['a last assistant message', { ...base, messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }] }, 'messages.1'],
    ['a system prompt that is a number', { ...base, system: 1 }, 'system'],
    ['stop_sequences as a string', { ...base, stop_sequences: 'END' }, 'stop_sequences'],
    ['too many stop sequences', { ...base, stop_sequences: ['a', 'b', 'c'] }, 'stop_sequences'],
    ['an empty stop sequence', { ...base, stop_sequences: [''] }, 'stop_sequences.0'],
    ['a stop sequence too long', { ...base, stop_sequences: ['x'.repeat(17)] }, 'stop_sequences.0'],
    ['temperature above 1', { ...base, temperature: 1.5 }, 'temperature'],
    ['top_p 0', { ...base, top_p: 0 }, 'top_p'],
    ['a negative top_k', { ...base, top_k: -1 }, 'top_k'],
    ['stream as a string', { ...base, stream: 'yes' }, 'stream'],
    ['metadata with an unknown key', { ...base, metadata: { tenant: 'x' } }, 'metadata.tenant'],
    ['a user_id that is a number', { ...base, metadata: { user_id: 1 } }, 'metadata.user_id'],
    ['tools', { ...base, tools: [{ name: 'f' }] }, 'tools'],
    ['a forced tool choice', { ...base, tool_choice: { type: 'any' } }, 'tool_choice.type'],
    ['extended thinking', { ...base, thinking: { type: 'enabled', budget_tokens: 1024 } }, 'thinking.type'],
    ['an unknown field', { ...base, n: 2 }, 'n'],
  ])('refuses %s, naming the field', (_, body, param) => {
    const parsed = parseMessagesRequest(body, LIMITS);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.param).toBe(param);
    if (param !== '') expect(parsed.error.message.startsWith(`${param}: `)).toBe(true);
  });
});
