import { err, ok } from '@tsukimi/result';
import { type CacheControl, type TextBlock } from './messages-request.model';
import { fault, onlyKnown, optionalField, pathOf, readArray, readObject, readString, requiredField, type Read } from './field.reader';

const TTLS: readonly CacheControl['ttl'][] = ['5m', '1h'];

/** `cache_control`: `{type: "ephemeral"}` with an optional `ttl` of `5m` or `1h`. */
export function readCacheControl(value: unknown, param: string): Read<CacheControl> {
  const object = readObject(value, param);
  if (!object.ok) return object;
  const known = onlyKnown(object.value, ['type', 'ttl'], param);
  if (!known.ok) return known;
  const type = requiredField(object.value, 'type', param, readString);
  if (!type.ok) return type;
  if (type.value !== 'ephemeral') return err(fault(pathOf(param, 'type'), "Input should be 'ephemeral'"));
  const ttl = optionalField(object.value, 'ttl', param, readString, '5m');
  if (!ttl.ok) return ttl;
  const chosen = TTLS.find((t) => t === ttl.value);
  return chosen === undefined ? err(fault(pathOf(param, 'ttl'), "Input should be '5m' or '1h'")) : ok({ ttl: chosen });
}

/** One content block: text only, since this server runs no tools and reads no images or documents. */
export function readTextBlock(value: unknown, param: string): Read<TextBlock> {
  const object = readObject(value, param);
  if (!object.ok) return object;
  const type = requiredField(object.value, 'type', param, readString);
  if (!type.ok) return type;
  if (type.value !== 'text') return err(fault(pathOf(param, 'type'), `'${type.value.slice(0, 40)}' content blocks are not supported: this server reads text blocks only`));
  const known = onlyKnown(object.value, ['type', 'text', 'cache_control', 'citations'], param);
  if (!known.ok) return known;
  const text = requiredField(object.value, 'text', param, readString);
  if (!text.ok) return text;
  if (text.value === '') return err(fault(pathOf(param, 'text'), 'text content blocks must be non-empty'));
  const cacheControl = optionalField<CacheControl | undefined>(object.value, 'cache_control', param, readCacheControl, undefined);
  if (!cacheControl.ok) return cacheControl;
  return ok({ text: text.value, ...(cacheControl.value ? { cacheControl: cacheControl.value } : {}) });
}

/** `system` or a message's `content`: a string (one block, no `cache_control`) or a non-empty list of text blocks. */
export function readTextContent(value: unknown, param: string): Read<readonly TextBlock[]> {
  if (typeof value === 'string') return ok(value === '' ? [] : [{ text: value }]);
  const list = readArray(value, param);
  if (!list.ok) return err(fault(param, 'Input should be a valid string or a list of content blocks'));
  const blocks: TextBlock[] = [];
  for (const [i, item] of list.value.entries()) {
    const block = readTextBlock(item, pathOf(param, i));
    if (!block.ok) return block;
    blocks.push(block.value);
  }
  return ok(blocks);
}
