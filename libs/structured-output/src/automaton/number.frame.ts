import { type NumberFrame, MAX_EXPONENT_DIGITS, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, NO_STEPS, type Step } from './frame';

const ZERO = 0x30;
const NINE = 0x39;
const isDigit = (b: number) => b >= ZERO && b <= NINE;

/**
 * JSON numbers, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, with bounded digit
 * counts; integers stop after the integer part. A number has no closing byte, so it
 * ends when a byte arrives that cannot continue it.
 */
export function stepNumber(frame: NumberFrame, byte: number): readonly Step[] {
  const to = (phase: NumberFrame['phase'], digits: number): readonly Step[] => [{ kind: 'stay', frame: { ...frame, phase, digits } }];
  const more = (phase: NumberFrame['phase'], limit: number): readonly Step[] => (frame.digits < limit ? to(phase, frame.digits + 1) : NO_STEPS);
  switch (frame.phase) {
    case 'start':
    case 'minus':
      if (byte === 0x2d && frame.phase === 'start') return to('minus', 0);
      if (byte === ZERO) return to('zero', 1);
      return byte > ZERO && byte <= NINE ? to('int', 1) : NO_STEPS;
    case 'int':
    case 'zero':
      if (isDigit(byte)) return frame.phase === 'int' ? more('int', MAX_INTEGER_DIGITS) : NO_STEPS;
      if (!frame.integer && byte === 0x2e) return to('dot', 0);
      if (!frame.integer && (byte === 0x65 || byte === 0x45)) return to('e', 0);
      return END;
    case 'dot':
      return isDigit(byte) ? to('frac', 1) : NO_STEPS;
    case 'frac':
      if (isDigit(byte)) return more('frac', MAX_FRACTION_DIGITS);
      return byte === 0x65 || byte === 0x45 ? to('e', 0) : END;
    case 'e':
    case 'esign':
      if ((byte === 0x2b || byte === 0x2d) && frame.phase === 'e') return to('esign', 0);
      return isDigit(byte) ? to('exp', 1) : NO_STEPS;
    case 'exp':
      return isDigit(byte) ? more('exp', MAX_EXPONENT_DIGITS) : END;
  }
}

/** A complete number ends at any byte that cannot continue it; that byte goes to the enclosing value. */
const END: readonly Step[] = [{ kind: 'end', result: null }];

export function numberCanEnd(frame: NumberFrame): boolean {
  return frame.phase === 'zero' || frame.phase === 'int' || frame.phase === 'frac' || frame.phase === 'exp';
}
