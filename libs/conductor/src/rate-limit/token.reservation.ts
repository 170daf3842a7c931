/**
 * The tokens a request may spend, reserved at admission: each prompt once (as usage counts it)
 * plus every choice's completion budget. The request settles to what it used when it ends.
 */
export function reservedTokens(prompts: readonly { readonly tokens: readonly number[] }[], budgets: readonly { readonly maxTokens: number }[], choicesPerPrompt: number): number {
  let tokens = 0;
  prompts.forEach((prompt, i) => (tokens += prompt.tokens.length + choicesPerPrompt * (budgets[i]?.maxTokens ?? 0)));
  return tokens;
}
