import { type LentMemory, type TierReadMemory } from '../tier/block-tier.port';

/**
 * Read memory that counts what it lent and what came back, and scribbles over a buffer once it
 * is handed back, so a test sees any use of lent bytes after `release`.
 */
export class CountingMemory implements TierReadMemory {
  taken = 0;
  released = 0;

  get outstanding(): number {
    return this.taken - this.released;
  }

  take(sizeBytes: number): LentMemory {
    const bytes = new Uint8Array(sizeBytes);
    let held = true;
    this.taken += 1;
    return {
      bytes,
      release: () => {
        if (!held) return;
        held = false;
        this.released += 1;
        bytes.fill(0xee);
      },
    };
  }
}
