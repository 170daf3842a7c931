import { type ObjectNode, type StringNode } from '../schema/schema-node';
import { type Frame, isWhitespace, MAX_WHITESPACE_RUN, NO_STEPS, type ObjectFrame, type Step } from './frame';
import { openLiteral } from './literal.frame';
import { openValue } from './open-value';
import { openString } from './string.frame';

const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE = 0x22;

/**
 * `{`, `"key": value` pairs separated by commas, `}`, which comes only once every
 * required key is written. No key is written twice.
 */
export function stepObject(frame: ObjectFrame, byte: number): readonly Step[] {
  if (frame.phase === 'open') return byte === OPEN ? stay(frame, 'first') : NO_STEPS;
  if (isWhitespace(byte)) return frame.ws < MAX_WHITESPACE_RUN ? [{ kind: 'stay', frame: { ...frame, ws: frame.ws + 1 } }] : NO_STEPS;
  switch (frame.phase) {
    case 'first':
      if (byte === CLOSE) return requiredWritten(frame) ? CLOSED : NO_STEPS;
      return byte === QUOTE && moreKeys(frame) ? key(frame) : NO_STEPS;
    case 'colon':
      return byte === COLON ? stay(frame, 'value') : NO_STEPS;
    case 'value':
      return [{ kind: 'push', frame: { ...frame, phase: 'after', ws: 0, value: null }, children: openValue(frame.value!) }];
    case 'after':
      if (byte === COMMA) return moreKeys(frame) ? stay(frame, 'next') : NO_STEPS;
      return byte === CLOSE && requiredWritten(frame) ? CLOSED : NO_STEPS;
    case 'next':
      return byte === QUOTE ? key(frame) : NO_STEPS;
    case 'key':
      throw new Error('an object waiting for its key takes no bytes');
  }
}

/** The object after its key frame completed with `key`; null when that key may not appear here. */
export function objectKeyWritten(frame: ObjectFrame, key: string): ObjectFrame | null {
  const { node } = frame;
  const declared = node.properties.get(key);
  if (declared !== undefined && frame.seen.includes(key)) return null;
  const value = declared ?? node.additional;
  if (value === null) return null;
  return { ...frame, phase: 'colon', ws: 0, seen: [...frame.seen, key], value };
}

function key(frame: ObjectFrame): readonly Step[] {
  return [{ kind: 'push', frame: { ...frame, phase: 'key', ws: 0 }, children: [keyFrame(frame)] }];
}

/**
 * Until every required key is written, keys come from the declared and required names not
 * yet written, so generation always heads towards a closable object; after that, any
 * string too where other keys are allowed.
 */
function keyFrame(frame: ObjectFrame): Frame {
  const { node } = frame;
  if (node.additional !== null && requiredWritten(frame)) return openString(ANY_KEY, true);
  const names = namedKeys(frame);
  return openLiteral(keyTexts(node, names), names);
}

function namedKeys(frame: ObjectFrame): string[] {
  const { node } = frame;
  const names = [...node.properties.keys(), ...node.required.filter((name) => !node.properties.has(name))];
  return names.filter((name) => !frame.seen.includes(name));
}

function moreKeys(frame: ObjectFrame): boolean {
  return frame.node.additional !== null || namedKeys(frame).length > 0;
}

function requiredWritten(frame: ObjectFrame): boolean {
  return frame.node.required.every((name) => frame.seen.includes(name));
}

function stay(frame: ObjectFrame, phase: ObjectFrame['phase']): readonly Step[] {
  return [{ kind: 'stay', frame: { ...frame, phase, ws: 0 } }];
}

const CLOSED: readonly Step[] = [{ kind: 'close', result: null }];
const ANY_KEY: StringNode = { kind: 'string', id: -1, minLength: 0, maxLength: Infinity };
const UTF8 = new TextEncoder();

/** Key texts per object node and set of remaining names, built once. */
const keyTextCache = new WeakMap<ObjectNode, Map<string, readonly Uint8Array[]>>();

function keyTexts(node: ObjectNode, names: readonly string[]): readonly Uint8Array[] {
  let byNames = keyTextCache.get(node);
  if (!byNames) keyTextCache.set(node, (byNames = new Map()));
  const cacheKey = names.join('\u0000');
  let texts = byNames.get(cacheKey);
  if (!texts) byNames.set(cacheKey, (texts = names.map((name) => UTF8.encode(JSON.stringify(name)))));
  return texts;
}
