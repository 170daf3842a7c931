import { type BlockKey, type BlockKeySequence } from '@tsukimi/kv-block';
import { type PriorityClass } from './admission/priority-class.model';
import { type ScheduleRequest } from './schedule.model';

/** Every field of a request, optional ones included: a field added to the request and not copied here fails to compile. */
type EveryField = Readonly<Record<keyof ScheduleRequest, unknown>>;

/**
 * A request over a hashed prompt's key sequence: the scheduler reads the key words, and the
 * keys' text is spelled only when something reads `blockKeys` (a lookup without `matchWords`,
 * or the caller sending the keys on), once, from the sequence. A class rather than an object
 * literal with a getter, which V8 would keep as a slower dictionary.
 */
class KeySequenceRequest implements ScheduleRequest, EveryField {
  readonly blockKeyWords: Uint32Array;
  readonly promptTokens: number;
  readonly maxTokens: number;
  readonly tenant: string | undefined;
  readonly priority: PriorityClass | undefined;
  readonly sessionId: string | undefined;

  constructor(
    private readonly sequence: BlockKeySequence,
    fields: Omit<ScheduleRequest, 'blockKeys' | 'blockKeyWords'>,
  ) {
    this.blockKeyWords = sequence.words;
    this.promptTokens = fields.promptTokens;
    this.maxTokens = fields.maxTokens;
    this.tenant = fields.tenant;
    this.priority = fields.priority;
    this.sessionId = fields.sessionId;
  }

  get blockKeys(): readonly BlockKey[] {
    return this.sequence.keys;
  }
}

/** A request whose `blockKeys` are the sequence's keys, spelled on first read. */
export function requestWithKeySequence(sequence: BlockKeySequence, fields: Omit<ScheduleRequest, 'blockKeys' | 'blockKeyWords'>): ScheduleRequest {
  return new KeySequenceRequest(sequence, fields);
}
