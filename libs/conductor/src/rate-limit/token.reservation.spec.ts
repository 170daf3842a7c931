import { reservedTokens } from './token.reservation';

describe('reservedTokens', () => {
  it.each([
    ['one prompt, one choice', [5], [16], 1, 21],
    ['one prompt, three choices: the prompt once, the budget thrice', [5], [16], 3, 53],
    ['two prompts, two choices each', [5, 7], [10, 4], 2, 5 + 20 + 7 + 8],
  ])('%s', (_name, promptLengths, budgets, n, tokens) => {
    const prompts = promptLengths.map((length) => ({ tokens: Array.from({ length }, () => 1) }));
    expect(reservedTokens(prompts, budgets.map((maxTokens) => ({ maxTokens })), n)).toBe(tokens);
  });
});
