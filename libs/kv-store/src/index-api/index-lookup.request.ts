import { type BlockKey, parseBlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';

/** Most blocks one lookup may name or hash: 2^13 blocks of 16 tokens is a 128k-token prompt. */
export const MAX_LOOKUP_BLOCKS = 8192;

/** A lookup asked for: a prompt to hash as the caller's requests are (text or token ids, for a model), or block keys. */
export type IndexLookupRequest =
  | { readonly kind: 'prompt'; readonly model: string; readonly prompt: string | readonly number[] }
  | { readonly kind: 'keys'; readonly keys: readonly BlockKey[]; readonly model: string | undefined };

/** Why a lookup body was refused: the message, and the field at fault. */
export interface LookupBodyError {
  readonly message: string;
  readonly param: string | null;
}

/**
 * Reads a `POST /index/v1/lookup` body: `{"model", "prompt"}` (a string, or an array of token ids)
 * or `{"block_keys": [16 hex digits, ...]}` with an optional `model` (for the block size).
 * `allowPrompt` is false where no prompt can be hashed (the pool master holds no tokenizer).
 */
export function parseLookupBody(body: unknown, allowPrompt = true): Result<IndexLookupRequest, LookupBodyError> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('The body must be a JSON object with `block_keys`, or `model` and `prompt`.', null);
  const fields = body as Record<string, unknown>;
  const model = fields['model'];
  if (model !== undefined && (typeof model !== 'string' || model === '')) return refuse('`model` must be a non-empty string.', 'model');
  const hasPrompt = fields['prompt'] !== undefined;
  const hasKeys = fields['block_keys'] !== undefined;
  if (hasPrompt === hasKeys) return refuse(allowPrompt ? 'Give exactly one of `prompt` and `block_keys`.' : 'Give `block_keys`: the pool master looks up keys, not prompts.', hasPrompt ? 'prompt' : 'block_keys');
  if (hasKeys) {
    const keys = fields['block_keys'];
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_LOOKUP_BLOCKS) return refuse(`\`block_keys\` must be an array of 1 to ${MAX_LOOKUP_BLOCKS} block keys.`, 'block_keys');
    const parsed: BlockKey[] = [];
    for (const [i, key] of keys.entries()) {
      const one = typeof key === 'string' ? parseBlockKey(key) : undefined;
      if (!one?.ok) return refuse(`\`block_keys[${i}]\` must be a block key: 16 lower-case hex digits.`, `block_keys[${i}]`);
      parsed.push(one.value);
    }
    return ok({ kind: 'keys', keys: parsed, model: model as string | undefined });
  }
  if (!allowPrompt) return refuse('Give `block_keys`: the pool master looks up keys, not prompts.', 'prompt');
  if (model === undefined) return refuse('A prompt lookup needs `model`: block keys depend on the model.', 'model');
  const prompt = fields['prompt'];
  if (typeof prompt === 'string' && prompt !== '') return ok({ kind: 'prompt', model: model as string, prompt });
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((t) => Number.isInteger(t) && (t as number) >= 0)) return ok({ kind: 'prompt', model: model as string, prompt: prompt as number[] });
  return refuse('`prompt` must be a non-empty string or a non-empty array of token ids.', 'prompt');
}

function refuse(message: string, param: string | null): Result<never, LookupBodyError> {
  return err({ message, param });
}
