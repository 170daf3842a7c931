import { type PrefixLocation } from '../index/prefix-location.model';

/**
 * Which way Algorithm 1 serves a prefix on an instance: it already holds the longest prefix
 * (`holder`), it fetches a longer prefix from elsewhere (`fetch`), or it computes everything
 * past what it holds (`recompute`, also when nothing is cached anywhere).
 */
export type PrefillBranch = 'holder' | 'fetch' | 'recompute';

/** A TTFT estimate for one request on one prefill instance, with its parts. */
export interface TtftEstimate {
  /** `queueMs + interleavedMs + transferMs + prefillMs`. */
  readonly ttftMs: number;
  readonly queueMs: number;
  /**
   * On a decode instance running the request whole: its batch's steps between the chunks of the
   * prompts queued there and of this one. Absent elsewhere and when no step runs meanwhile.
   */
  readonly interleavedMs?: number;
  readonly prefillMs: number;
  readonly transferMs: number;
  /** Leading blocks already in the instance's own memory. */
  readonly ownBlocks: number;
  /** Leading blocks not computed: the instance's own plus those fetched. */
  readonly reusedBlocks: number;
  readonly branch: PrefillBranch;
  /** Where the fetched blocks (`ownBlocks` up to `reusedBlocks`) come from; only on `fetch`. */
  readonly source?: PrefixLocation;
}

/** A reusable, mutable estimate, so that comparing every instance allocates nothing. */
export class TtftScratch {
  ttftMs = Infinity;
  queueMs = 0;
  interleavedMs = 0;
  prefillMs = 0;
  transferMs = 0;
  ownBlocks = 0;
  reusedBlocks = 0;
  branch: PrefillBranch = 'recompute';
  source: PrefixLocation | undefined = undefined;

  set(queueMs: number, prefillMs: number, transferMs: number, ownBlocks: number, reusedBlocks: number, branch: PrefillBranch, source: PrefixLocation | undefined): void {
    this.ttftMs = queueMs + prefillMs + transferMs;
    this.queueMs = queueMs;
    this.prefillMs = prefillMs;
    this.transferMs = transferMs;
    this.ownBlocks = ownBlocks;
    this.reusedBlocks = reusedBlocks;
    this.branch = branch;
    this.source = source;
    this.interleavedMs = 0;
  }

  /** Adds the batch steps a prompt computed on a decode instance waits on between its chunks. */
  addInterleaved(ms: number): void {
    this.interleavedMs += ms;
    this.ttftMs += ms;
  }

  copyFrom(other: TtftScratch): void {
    this.set(other.queueMs, other.prefillMs, other.transferMs, other.ownBlocks, other.reusedBlocks, other.branch, other.source);
    this.addInterleaved(other.interleavedMs);
  }

  toEstimate(): TtftEstimate {
    const { ttftMs, queueMs, interleavedMs, prefillMs, transferMs, ownBlocks, reusedBlocks, branch, source } = this;
    // Whole literals, not a spread of the common fields plus one: V8 copies such a spread through
    // the runtime, about 3 us on this machine against 0.05 us for a literal, and a decision makes one.
    if (interleavedMs > 0) {
      return source === undefined
        ? { ttftMs, queueMs, prefillMs, transferMs, ownBlocks, reusedBlocks, branch, interleavedMs }
        : { ttftMs, queueMs, prefillMs, transferMs, ownBlocks, reusedBlocks, branch, interleavedMs, source };
    }
    return source === undefined ? { ttftMs, queueMs, prefillMs, transferMs, ownBlocks, reusedBlocks, branch } : { ttftMs, queueMs, prefillMs, transferMs, ownBlocks, reusedBlocks, branch, source };
  }
}
