import { err, isJsonObject, ok, type Result } from '@tsukimi/result';
import { type DecodeStepCoefficients } from './decode-step.model';
import { type PrefillCoefficients } from './prefill-time.model';

/** Names the file format, so that a file written for another shape is refused rather than misread. */
export const ENGINE_PROFILE_SCHEMA = 'tsukimi.engine-profile/v1';

/** What one engine (model, hardware, settings) costs, fitted from measurements; stored as a JSON file. */
export interface EngineProfile {
  /** What was measured — engine, model, hardware — for the people reading the file. */
  readonly engine: string;
  readonly blockSizeTokens: number;
  /** One block's KV across every layer: what a transfer of one block moves. */
  readonly blockBytes: number;
  readonly prefill: PrefillCoefficients;
  readonly decode: DecodeStepCoefficients;
}

export interface ProfileParseError {
  readonly kind: 'invalid-profile';
  /** The offending key, dotted (`prefill.baseMs`), or `$` for the whole document. */
  readonly path: string;
  readonly message: string;
}

export function formatEngineProfile(profile: EngineProfile): string {
  const { engine, blockSizeTokens, blockBytes, prefill, decode } = profile;
  return `${JSON.stringify({ schema: ENGINE_PROFILE_SCHEMA, engine, blockSizeTokens, blockBytes, prefill, decode }, null, 2)}\n`;
}

export function parseEngineProfile(text: string): Result<EngineProfile, ProfileParseError> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return invalid('$', `not JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(document)) return invalid('$', 'expected an object');
  if (document['schema'] !== ENGINE_PROFILE_SCHEMA) return invalid('schema', `expected "${ENGINE_PROFILE_SCHEMA}"`);
  if (typeof document['engine'] !== 'string') return invalid('engine', 'expected a string');
  const blockSizeTokens = document['blockSizeTokens'];
  if (!Number.isInteger(blockSizeTokens) || (blockSizeTokens as number) <= 0) return invalid('blockSizeTokens', 'expected a positive integer');
  const blockBytes = document['blockBytes'];
  if (typeof blockBytes !== 'number' || !(blockBytes > 0) || !Number.isFinite(blockBytes)) return invalid('blockBytes', 'expected a positive number');
  const prefill = numbers(document, 'prefill', ['baseMs', 'msPerComputedToken', 'msPerAttendedPair']);
  if (!prefill.ok) return prefill;
  const decode = numbers(document, 'decode', ['baseMs', 'msPerRequest', 'msPerContextToken']);
  if (!decode.ok) return decode;
  return ok({
    engine: document['engine'],
    blockSizeTokens: blockSizeTokens as number,
    blockBytes,
    prefill: prefill.value as unknown as PrefillCoefficients,
    decode: decode.value as unknown as DecodeStepCoefficients,
  });
}

function numbers(document: Record<string, unknown>, section: string, keys: readonly string[]): Result<Record<string, number>, ProfileParseError> {
  const value = document[section];
  if (!isJsonObject(value)) return invalid(section, 'expected an object');
  const out: Record<string, number> = {};
  for (const key of keys) {
    const n = value[key];
    if (typeof n !== 'number' || !Number.isFinite(n)) return invalid(`${section}.${key}`, 'expected a finite number');
    out[key] = n;
  }
  return ok(out);
}

function invalid(path: string, message: string): Result<never, ProfileParseError> {
  return err({ kind: 'invalid-profile', path, message });
}
