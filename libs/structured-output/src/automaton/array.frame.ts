import { type ArrayFrame, isWhitespace, MAX_WHITESPACE_RUN, NO_STEPS, type Step } from './frame';
import { openValue } from './open-value';

const OPEN = 0x5b;
const CLOSE = 0x5d;
const COMMA = 0x2c;

/** `[`, items separated by commas, `]`, with the item count within the node's bounds. */
export function stepArray(frame: ArrayFrame, byte: number): readonly Step[] {
  const { node } = frame;
  if (frame.phase === 'open') return byte === OPEN ? [{ kind: 'stay', frame: { ...frame, phase: 'first', ws: 0 } }] : NO_STEPS;
  if (isWhitespace(byte)) return frame.ws < MAX_WHITESPACE_RUN ? [{ kind: 'stay', frame: { ...frame, ws: frame.ws + 1 } }] : NO_STEPS;
  switch (frame.phase) {
    case 'first':
      if (byte === CLOSE) return node.minItems === 0 ? CLOSED : NO_STEPS;
      return node.maxItems > 0 ? item(frame) : NO_STEPS;
    case 'after':
      if (byte === COMMA) return frame.count < node.maxItems ? [{ kind: 'stay', frame: { ...frame, phase: 'next', ws: 0 } }] : NO_STEPS;
      return byte === CLOSE && frame.count >= node.minItems ? CLOSED : NO_STEPS;
    case 'next':
      return item(frame);
  }
}

function item(frame: ArrayFrame): readonly Step[] {
  return [{ kind: 'push', frame: { ...frame, phase: 'after', ws: 0, count: frame.count + 1 }, children: openValue(frame.node.items) }];
}

const CLOSED: readonly Step[] = [{ kind: 'close', result: null }];
