import { type Stop } from './message.builder';

/** What is known about how one answer's generation ended. */
export interface GenerationEnd {
  readonly finishReason: 'stop' | 'length';
  /** Its last token ends a turn (EOS, an end-of-turn token). */
  readonly endedOnEndToken: boolean;
  /** The text sent to the client, which stops before a matched stop sequence. */
  readonly shownText: string;
  /** Every generated token decoded, the stop sequence's text included. */
  readonly decodedText: string;
  readonly stopSequences: readonly string[];
}

/**
 * Anthropic's stop reason. The engine says only "stop", so a stop sequence is told from an end
 * of turn by what was generated past the shown text: the shortest sequence that text starts with,
 * since the engine stops at the first sequence completed.
 */
export function stopOf(end: GenerationEnd): Stop {
  if (end.finishReason === 'length') return { reason: 'max_tokens' };
  if (end.endedOnEndToken || !end.decodedText.startsWith(end.shownText)) return { reason: 'end_turn' };
  const rest = end.decodedText.slice(end.shownText.length);
  const matched = end.stopSequences.filter((s) => rest.startsWith(s)).sort((a, b) => a.length - b.length)[0];
  return matched === undefined ? { reason: 'end_turn' } : { reason: 'stop_sequence', sequence: matched };
}
