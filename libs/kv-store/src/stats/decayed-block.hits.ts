interface Decayed {
  /** The count as it stood at `atMs`. */
  value: number;
  atMs: number;
  /** When the entry last moved to the recent end of the order. */
  movedAtMs: number;
}

/**
 * How often each block was hit lately: every hit adds one to a count that halves every
 * `halfLifeMs`, so a block hit often long ago weighs less than one hit as often now, and no window
 * edge makes counts jump. At most `maxBlocks` blocks are kept, the least recently hit forgotten
 * first (a forgotten block counts 0, as one never hit). Each hit and each look is O(1): a hit
 * updates its entry in place and moves it to the recent end of the order only when its last move
 * is older than a sixteenth of the half-life (moving a Map entry is a delete and an insert, the
 * dearest part of a hit), so "least recently hit" is exact to within that.
 */
export class DecayedBlockHits<K = string> {
  private readonly blocks = new Map<K, Decayed>();
  private readonly moveAfterMs: number;

  constructor(
    private readonly halfLifeMs: number,
    private readonly maxBlocks: number,
  ) {
    this.moveAfterMs = halfLifeMs / 16;
  }

  hit(key: K, nowMs: number): void {
    if (this.maxBlocks <= 0) return;
    const known = this.blocks.get(key);
    if (known) {
      known.value = this.decayed(known, nowMs) + 1;
      known.atMs = nowMs;
      if (nowMs - known.movedAtMs < this.moveAfterMs) return;
      known.movedAtMs = nowMs;
      this.blocks.delete(key);
      this.blocks.set(key, known);
      return;
    }
    this.blocks.set(key, { value: 1, atMs: nowMs, movedAtMs: nowMs });
    if (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value as K);
  }

  /** The block's decayed hits at `nowMs`; 0 for a block never hit or forgotten. */
  hits(key: K, nowMs: number): number {
    const known = this.blocks.get(key);
    return known ? this.decayed(known, nowMs) : 0;
  }

  get trackedBlocks(): number {
    return this.blocks.size;
  }

  private decayed(entry: Decayed, nowMs: number): number {
    return entry.value * 2 ** (-Math.max(0, nowMs - entry.atMs) / this.halfLifeMs);
  }
}
