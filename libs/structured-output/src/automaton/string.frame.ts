import { type StringNode } from '../schema/schema-node';
import { NO_STEPS, type Step, type StringFrame } from './frame';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const UTF8 = new TextDecoder('utf-8');
/** Bytes that may follow a backslash, besides `u`. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/**
 * A JSON string: well-formed UTF-8 (so the text decodes exactly), escapes, no raw
 * control characters, length in code points within the node's bounds. `\u` escapes of
 * surrogates are refused so that every code point is counted once; raw UTF-8 covers them.
 */
export function stepString(frame: StringFrame, byte: number): readonly Step[] {
  const counted = countOne(frame);
  const capture = frame.capture === null ? null : frame.capture + String.fromCharCode(byte);
  const stay = (change: Partial<StringFrame>): readonly Step[] => [{ kind: 'stay', frame: { ...frame, ...change, capture } }];
  switch (frame.phase) {
    case 'open':
      return byte === QUOTE ? stay({ phase: 'body' }) : NO_STEPS;
    case 'body':
      return stepBody(frame, byte, counted, stay);
    case 'escape':
      if (SHORT_ESCAPES.has(byte)) return stay({ phase: 'body', count: counted });
      return byte === 0x75 ? stay({ phase: 'hex', pending: 4, lo: 0 }) : NO_STEPS;
    case 'hex': {
      const digit = hexValue(byte);
      if (digit < 0 || (frame.lo === 1 && digit > 7)) return NO_STEPS;
      const lo = frame.pending === 4 && digit === 0xd ? 1 : 0;
      return frame.pending === 1 ? stay({ phase: 'body', pending: 0, lo: 0, count: counted }) : stay({ pending: frame.pending - 1, lo });
    }
    case 'utf8':
      if (byte < frame.lo || byte > frame.hi) return NO_STEPS;
      return frame.pending === 1 ? stay({ phase: 'body', pending: 0 }) : stay({ pending: frame.pending - 1, lo: 0x80, hi: 0xbf });
  }
}

function stepBody(frame: StringFrame, byte: number, counted: number, stay: (change: Partial<StringFrame>) => readonly Step[]): readonly Step[] {
  if (byte === QUOTE) {
    if (frame.count < frame.node.minLength) return NO_STEPS;
    return [{ kind: 'close', result: frame.capture === null ? null : decodeKey(frame.capture + '"') }];
  }
  if (frame.count >= frame.node.maxLength) return NO_STEPS;
  if (byte === BACKSLASH) return stay({ phase: 'escape' });
  if (byte < 0x20) return NO_STEPS;
  if (byte < 0x80) return stay({ count: counted });
  const lead = utf8Lead(byte);
  return lead ? stay({ phase: 'utf8', count: counted, pending: lead.pending, lo: lead.lo, hi: lead.hi }) : NO_STEPS;
}

/**
 * The count after one more code point. Without a maximum, counting stops at the minimum:
 * past it the count changes nothing, and equal frames let masks be reused.
 */
function countOne(frame: StringFrame): number {
  return frame.node.maxLength === Infinity && frame.count >= frame.node.minLength ? frame.count : frame.count + 1;
}

/** Continuation bytes a UTF-8 lead byte needs and the range of the first (RFC 3629, no surrogates, no overlongs). */
function utf8Lead(byte: number): { pending: number; lo: number; hi: number } | null {
  if (byte >= 0xc2 && byte <= 0xdf) return { pending: 1, lo: 0x80, hi: 0xbf };
  if (byte === 0xe0) return { pending: 2, lo: 0xa0, hi: 0xbf };
  if (byte === 0xed) return { pending: 2, lo: 0x80, hi: 0x9f };
  if (byte >= 0xe1 && byte <= 0xef) return { pending: 2, lo: 0x80, hi: 0xbf };
  if (byte === 0xf0) return { pending: 3, lo: 0x90, hi: 0xbf };
  if (byte >= 0xf1 && byte <= 0xf3) return { pending: 3, lo: 0x80, hi: 0xbf };
  if (byte === 0xf4) return { pending: 3, lo: 0x80, hi: 0x8f };
  return null;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  return -1;
}

/** The key a captured JSON string (latin1 bytes, quotes included) stands for. */
function decodeKey(raw: string): string {
  return JSON.parse(UTF8.decode(Uint8Array.from(raw, (c) => c.charCodeAt(0)))) as string;
}

export function openString(node: StringNode, captureKey: boolean): StringFrame {
  return { kind: 'string', node, phase: 'open', count: 0, pending: 0, lo: 0, hi: 0, capture: captureKey ? '' : null };
}
