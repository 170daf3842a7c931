/**
 * Moves `memory` into a new ArrayBuffer and detaches the original, so every view of the
 * original reads as empty from then on. Null when `memory` is already detached (whoever held it
 * transferred it elsewhere): there is nothing left to move, and Node 22 and later reject a
 * transfer list that names a detached buffer (DataCloneError) where Node 20 returned an empty one.
 */
export function moveArrayBuffer(memory: ArrayBuffer): ArrayBuffer | null {
  if (isDetached(memory)) return null;
  // Node 22 and later move it in place, several times cheaper than a structured clone's transfer
  // (0.45 against 3.0 µs a 128 KiB buffer on Node 24 here): the pool does this once a block released.
  const transfer = (memory as { readonly transfer?: () => ArrayBuffer }).transfer;
  return typeof transfer === 'function' ? transfer.call(memory) : structuredClone(memory, { transfer: [memory] });
}

/**
 * Whether `memory` has been detached. Node 22 and later say so (`ArrayBuffer.prototype.detached`);
 * on Node 20 a detached buffer is known by its length, since a fixed-length ArrayBuffer only
 * reads as zero bytes once detached, or when it was empty to begin with and holds nothing to move.
 */
export function isDetached(memory: ArrayBuffer): boolean {
  return (memory as { readonly detached?: boolean }).detached ?? memory.byteLength === 0;
}
