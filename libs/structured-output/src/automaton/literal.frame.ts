import { type LiteralFrame, NO_STEPS, type Step } from './frame';

/**
 * One of a fixed set of texts (enum values, true/false/null, declared keys). Ends when
 * a byte arrives that no remaining text continues, if a text is complete by then.
 */
export function stepLiteral(frame: LiteralFrame, byte: number): readonly Step[] {
  const candidates = frame.candidates.filter((i) => frame.texts[i]![frame.pos] === byte);
  const steps: Step[] = [];
  if (candidates.length > 0) steps.push({ kind: 'stay', frame: { ...frame, candidates, pos: frame.pos + 1 } });
  const complete = completed(frame);
  if (complete !== undefined) steps.push({ kind: 'end', result: frame.names ? frame.names[complete]! : null });
  return steps.length === 0 ? NO_STEPS : steps;
}

export function literalCanEnd(frame: LiteralFrame): boolean {
  return completed(frame) !== undefined;
}

/** The key a complete key literal stands for. */
export function literalResult(frame: LiteralFrame): string | null {
  const complete = completed(frame);
  return complete !== undefined && frame.names ? frame.names[complete]! : null;
}

function completed(frame: LiteralFrame): number | undefined {
  return frame.candidates.find((i) => frame.texts[i]!.length === frame.pos);
}

export function openLiteral(texts: readonly Uint8Array[], names: readonly string[] | null = null): LiteralFrame {
  return { kind: 'literal', texts, names, candidates: texts.map((_, i) => i), pos: 0 };
}
