import { ServiceTokenSet } from './service-token.set';

const A = 'token-a-0123456789abcdef';
const B = 'token-b-fedcba9876543210';

describe('ServiceTokenSet', () => {
  it('sends the first token and accepts every one, ignoring blank lines and surrounding spaces', () => {
    const parsed = ServiceTokenSet.parse(`\n  ${A}  \r\n\n${B}\n`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.sending()).toBe(A);
    expect(parsed.value.accepted()).toEqual([A, B]);
    expect([A, B].map((token) => parsed.value.accepts(token))).toEqual([true, true]);
  });

  it.each([
    ['a near miss', `${A.slice(0, -1)}X`],
    ['a prefix', A.slice(0, 10)],
    ['an extension', `${A}0`],
    ['nothing', ''],
    ['another token', 'token-c-0000000000000000'],
  ])('refuses %s', (_name, presented) => {
    const set = ServiceTokenSet.parse(`${A}\n${B}\n`);
    expect(set.ok && set.value.accepts(presented)).toBe(false);
  });

  it.each([
    ['an empty file', '', 'holds no token'],
    ['blank lines only', '\n  \n', 'holds no token'],
    ['a short token', `${A}\nshort\n`, 'token 2 is shorter than 16 characters'],
    ['a token with a space', 'token with a space in it\n', 'token 1 is shorter than 16 characters or holds a space'],
  ])('refuses %s without quoting it', (_name, text, message) => {
    const parsed = ServiceTokenSet.parse(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(message);
    expect(parsed.error).not.toContain(A);
  });

  it('compares a guess with every token, whether it matches the first, none, or nearly one (constant time)', () => {
    // The compare runs over fixed-length digests of both sides with timingSafeEqual, so the
    // work is the same whatever the guess; counted here as digests compared, not as time.
    const set = ServiceTokenSet.parse(`${A}\n${B}\n`);
    if (!set.ok) throw new Error(set.error);
    const calls: number[] = [];
    const crypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    for (const guess of [`${A.slice(0, -1)}X`, 'x'.repeat(24), A]) {
      spy.mockClear();
      set.value.accepts(guess);
      calls.push(spy.mock.calls.length);
    }
    spy.mockRestore();
    expect(calls).toEqual([2, 2, 2]);
  });
});
