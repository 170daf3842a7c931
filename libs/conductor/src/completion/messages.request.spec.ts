import { DEFAULT_REQUEST_LIMITS, parseChatCompletionRequest } from '@tsukimi/openai';
import { byteLanguage } from '../model/model-language';
import { breakpointTokens, parseMessagesPlan } from './messages.request';

const language = byteLanguage();
const mark = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
const text = (t: string) => ({ type: 'text', text: t });

function planOf(body: Record<string, unknown>) {
  const plan = parseMessagesPlan({ model: 'tiny', max_tokens: 8, ...body }, DEFAULT_REQUEST_LIMITS);
  if (!plan.ok) throw new Error(plan.error.body.error.message);
  return plan.value;
}

/** The prompt's tokens up to the end of `upTo` in its rendered text: BOS and one token per byte. */
const tokensThrough = (rendered: string, upTo: string) => 1 + Buffer.byteLength(rendered.slice(0, rendered.indexOf(upTo) + upTo.length));

describe('parseMessagesPlan', () => {
  it('runs the conversation as the chat request of the same messages, system first', () => {
    const plan = planOf({ system: [text('Be brief.'), text('Rules.')], messages: [{ role: 'user', content: [text('Hi'), text('there')] }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Again' }], temperature: 0, stop_sequences: ['END'] });
    const chat = parseChatCompletionRequest({
      model: 'tiny',
      max_tokens: 8,
      temperature: 0,
      stop: ['END'],
      messages: [
        { role: 'system', content: [text('Be brief.'), text('Rules.')] },
        { role: 'user', content: [text('Hi'), text('there')] },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(chat.ok && language.chatTokens(plan.chat.messages)).toEqual(chat.ok && language.chatTokens(chat.value.messages));
    expect(plan.chat).toMatchObject({ maxTokens: 8, stop: ['END'], sampling: { temperature: 0, topP: 1, topK: 0 }, n: 1, returnTokenIds: true });
  });

  it('answers a fault as a 400 naming the field, in the words of the Messages parser', () => {
    const plan = parseMessagesPlan({ model: 'tiny', messages: [{ role: 'user', content: 'Hi' }] }, DEFAULT_REQUEST_LIMITS);
    expect(plan.ok ? undefined : plan.error).toMatchObject({ status: 400, body: { error: { param: 'max_tokens', message: 'max_tokens: Field required' } } });
  });
});

describe('breakpointTokens', () => {
  const messages = [{ role: 'user', content: [mark('A long document.'), text('What does it say?')] }];
  it.each<[string, Record<string, unknown>, string]>([
    ['a marked system prompt', { system: [mark('You are terse.')], messages: [{ role: 'user', content: 'Hi' }] }, 'You are terse.'],
    ['the first of two system blocks', { system: [mark('Rules.'), text('More rules.')], messages: [{ role: 'user', content: 'Hi' }] }, 'Rules.'],
    ['a marked block inside a user turn', { system: 'Sys.', messages }, 'A long document.'],
    ['the last of several breakpoints', { system: [mark('Sys.')], messages: [...messages, { role: 'assistant', content: 'Ok.' }, { role: 'user', content: [mark('Next?')] }] }, 'Next?'],
  ])('counts the prompt up to the end of %s', (_, body, upTo) => {
    const plan = planOf(body);
    const prompt = language.chatTokens(plan.chat.messages);
    expect(breakpointTokens(plan.source, plan.source.lastBreakpoint, language, prompt)).toBe(tokensThrough(language.chatTemplate.render(plan.chat.messages), upTo));
  });

  it('is 0 without a breakpoint', () => {
    const plan = planOf({ system: 'Sys.', messages: [{ role: 'user', content: 'Hi' }] });
    expect(breakpointTokens(plan.source, plan.source.lastBreakpoint, language, language.chatTokens(plan.chat.messages))).toBe(0);
  });
});
