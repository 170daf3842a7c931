/** Index of a block slot in one engine's KV arena; meaningless outside that arena. */
export type BlockId = number & { readonly __brand: 'BlockId' };
