/** The value types the kernels use, by their binary encoding. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/**
 * Encoded instructions as a tree of byte arrays: generators nest sequences
 * instead of copying them, and the tree is flattened once, when a function body
 * is encoded. Copying at every level of nesting made generating a tiled kernel
 * take hundreds of milliseconds.
 */
export type Code = readonly (number | Code)[];

/** The bytes of `code`, in order. */
export function flattenCode(code: Code): number[] {
  const out: number[] = [];
  const walk = (node: Code): void => {
    for (const item of node) {
      if (typeof item === 'number') out.push(item);
      else walk(item);
    }
  };
  walk(code);
  return out;
}
