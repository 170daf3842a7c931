import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '@tsukimi/scheduler';

/** A prefill call on its way, as a later request sharing its prefix sees it. */
export interface InFlightPrefix {
  readonly requestId: string;
  /** The prefill instance computing it: its memory holds the blocks once the call answers. */
  readonly instance: InstanceId;
  /** Leading blocks of the looked-up prompt that this call is computing. */
  readonly blocks: number;
  /** When its blocks are expected to be in the instance's memory (monotonic ms); undefined without an estimate. */
  readonly readyAtMs: number | undefined;
  /** Settles when the call ends: true once it answered (its blocks are then held), false when it failed. */
  readonly settled: Promise<boolean>;
}

interface Entry {
  readonly requestId: string;
  readonly instance: InstanceId;
  readonly keys: readonly BlockKey[];
  readonly readyAtMs: number | undefined;
  readonly settled: Promise<boolean>;
}

/**
 * The prompts whose prefill calls are out and not yet answered, by block key, so that a request
 * sharing a prefix with one of them can wait for those blocks rather than compute them again.
 * Block keys are chained, so a key equal at position i means the whole prefix up to i is equal.
 */
export class InFlightPrefixTable {
  private readonly byKey = new Map<BlockKey, Set<Entry>>();

  /**
   * Registers a prefill call; the returned function ends it (`true`: answered, its blocks held;
   * `false`: failed) and must be called exactly once.
   */
  begin(requestId: string, instance: InstanceId, keys: readonly BlockKey[], readyAtMs: number | undefined): (answered: boolean) => void {
    let settle: (answered: boolean) => void = () => undefined;
    const settled = new Promise<boolean>((resolve) => (settle = resolve));
    const entry: Entry = { requestId, instance, keys, readyAtMs, settled };
    for (const key of keys) {
      const entries = this.byKey.get(key) ?? new Set<Entry>();
      entries.add(entry);
      this.byKey.set(key, entries);
    }
    return (answered) => {
      for (const key of keys) {
        const entries = this.byKey.get(key);
        entries?.delete(entry);
        if (entries?.size === 0) this.byKey.delete(key);
      }
      settle(answered);
    };
  }

  /**
   * The call computing the longest leading run of `keys`; among calls computing equally long
   * runs, the one expected ready first (one without an estimate last).
   */
  longestRun(keys: readonly BlockKey[]): InFlightPrefix | undefined {
    let deepest: ReadonlySet<Entry> | undefined;
    let blocks = 0;
    for (let i = 0; i < keys.length; i++) {
      const entries = this.byKey.get(keys[i]!);
      if (!entries) break;
      deepest = entries;
      blocks = i + 1;
    }
    // Only the calls at the last key shared compute the whole run: choose among them, once.
    const best = deepest && earliest(deepest);
    return best && { requestId: best.requestId, instance: best.instance, blocks, readyAtMs: best.readyAtMs, settled: best.settled };
  }

  /** Prefill calls registered and not ended. */
  get size(): number {
    const entries = new Set<Entry>();
    for (const set of this.byKey.values()) for (const entry of set) entries.add(entry);
    return entries.size;
  }
}

function earliest(entries: ReadonlySet<Entry>): Entry | undefined {
  let best: Entry | undefined;
  for (const entry of entries) if (!best || (entry.readyAtMs ?? Infinity) < (best.readyAtMs ?? Infinity)) best = entry;
  return best;
}
