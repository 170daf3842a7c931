import { err, ok } from '@tsukimi/result';
import { asArray, asObject, decimalIn, invalidValue, quoteJson, wrongType, type Reader } from './json.reader';


const TOKEN_ID_KEY = /^(0|[1-9][0-9]*)$/;
const asBias = decimalIn({ min: -100, max: 100 });

/**
 * `logit_bias`: an object of at most `maxEntries` entries from token ids, written as decimal
 * strings, to biases -100 … 100. The result is sorted by token so equal requests give equal
 * wire messages.
 */
export const logitBiasReader = (maxEntries: number): Reader<readonly (readonly [number, number])[]> => (value, param) => {
  const object = asObject(value, param);
  if (!object.ok) return object;
  const entries = Object.entries(object.value);
  if (entries.length > maxEntries) {
    return err(invalidValue(param, `at most ${maxEntries} entries are supported, but got ${entries.length}.`));
  }
  const pairs: [number, number][] = [];
  for (const [key, raw] of entries) {
    const token = Number(key);
    if (!TOKEN_ID_KEY.test(key) || !Number.isSafeInteger(token)) {
      return err(invalidValue(param, `keys must be token ids written as non-negative integers, but got ${quoteJson(key)}.`));
    }
    const bias = asBias(raw, `${param}.${key}`);
    if (!bias.ok) return bias;
    pairs.push([token, bias.value]);
  }
  return ok(pairs.sort((a, b) => a[0] - b[0]));
};

/** A list of token ids: non-negative integers (whether the vocabulary has them is checked later). */
export const asTokenIds: Reader<readonly number[]> = (value, param) => {
  const list = asArray(value, param);
  if (!list.ok) return list;
  const ids: number[] = [];
  for (const id of list.value) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      return err(wrongType(param, 'an array of token ids (non-negative integers)', value));
    }
    ids.push(id);
  }
  return ok(ids);
};
