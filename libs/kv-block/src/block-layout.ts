import { err, ok, type Result } from '@tsukimi/result';

export type BlockDtype = 'f32' | 'f16';

/** Shape of one block's KV payload; two engines can exchange blocks only if their layouts are equal. */
export interface BlockLayout {
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly blockSizeTokens: number;
  readonly dtype: BlockDtype;
}

export interface BlockLayoutError {
  readonly kind: 'invalid-layout';
  readonly field: keyof BlockLayout | 'payloadBytes';
  readonly reason: string;
}

const BYTES_PER_ELEMENT: Readonly<Record<BlockDtype, number>> = { f32: 4, f16: 2 };

/** Upper bounds are the widths of the block header's fields. */
const FIELD_MAX = { layers: 0xffff, kvHeads: 0xffff, headDim: 0xffff, blockSizeTokens: 0xffff_ffff } as const;
const PAYLOAD_BYTES_MAX = 0xffff_ffff;

export function bytesPerElement(dtype: BlockDtype): number {
  return BYTES_PER_ELEMENT[dtype];
}

/** layers × 2 (K and V) × blockSizeTokens × kvHeads × headDim × bytes per element. */
export function payloadBytes(layout: BlockLayout): number {
  return layout.layers * 2 * layout.blockSizeTokens * layout.kvHeads * layout.headDim * bytesPerElement(layout.dtype);
}

export function blockLayoutsEqual(a: BlockLayout, b: BlockLayout): boolean {
  return (
    a.layers === b.layers &&
    a.kvHeads === b.kvHeads &&
    a.headDim === b.headDim &&
    a.blockSizeTokens === b.blockSizeTokens &&
    a.dtype === b.dtype
  );
}

/** Checks a layout from configuration or a model file fits the block header; returns a copy holding only layout fields. */
export function validateBlockLayout(layout: BlockLayout): Result<BlockLayout, BlockLayoutError> {
  for (const field of ['layers', 'kvHeads', 'headDim', 'blockSizeTokens'] as const) {
    const value = layout[field];
    if (!Number.isInteger(value) || value < 1 || value > FIELD_MAX[field]) {
      return err({ kind: 'invalid-layout', field, reason: `must be an integer in [1, ${FIELD_MAX[field]}], got ${value}` });
    }
  }
  if (!Object.hasOwn(BYTES_PER_ELEMENT, layout.dtype)) {
    return err({ kind: 'invalid-layout', field: 'dtype', reason: `must be one of ${Object.keys(BYTES_PER_ELEMENT).join(', ')}, got ${String(layout.dtype)}` });
  }
  const bytes = payloadBytes(layout);
  if (bytes > PAYLOAD_BYTES_MAX) {
    return err({ kind: 'invalid-layout', field: 'payloadBytes', reason: `${bytes} exceeds the ${PAYLOAD_BYTES_MAX}-byte block limit` });
  }
  const { layers, kvHeads, headDim, blockSizeTokens, dtype } = layout;
  return ok({ layers, kvHeads, headDim, blockSizeTokens, dtype });
}
