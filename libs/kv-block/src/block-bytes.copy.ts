/**
 * A block's bytes copied into memory of their own. `slice()` would not do: on a Node Buffer it
 * returns a view of the same memory, and a received block's memory goes back to the transfer
 * engine's receive pool once released, which detaches it (and every view of it, so that a holder
 * who kept one reads nothing rather than another block's bytes).
 */
export function copyBlockBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
