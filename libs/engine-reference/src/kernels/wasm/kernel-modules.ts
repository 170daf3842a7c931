import { attentionFunction } from './attention.codegen';
import { FunctionBuilder, op, WasmModuleBuilder } from '@tsukimi/wasm';
import { matmulFunction } from './matmul.codegen';

/** Rows per matmul tile: 2 rows × 4 outputs keeps 8 accumulators and 3 operands in the 16 SIMD registers of x86-64. */
export const MATMUL_ROWS_PER_TILE = 2;
/** Widest head the attention generator is asked for; its code grows linearly with headDim. */
export const MAX_HEAD_DIM = 256;

/**
 * Queries per attention tile: each keeps 2·headDim/4 v128s of state, so wide heads
 * get narrow tiles (measured on x86-64: 4 for headDim 16 and 32, 2 for 64).
 */
export function attentionTileFor(headDim: number): number {
  return Math.max(1, Math.min(4, Math.floor(128 / headDim)));
}

/**
 * Compiled modules by generator and shape. Compiling takes milliseconds and a
 * key's bytes never change, so this process-wide memo (like the SIMD probe
 * below) compiles each once and is otherwise unobservable; instances, which
 * bind a heap's memory, are not shared.
 */
const compiled = new Map<string, WebAssembly.Module>();

function compileOnce(key: string, build: () => WasmModuleBuilder): WebAssembly.Module {
  let module = compiled.get(key);
  if (!module) {
    module = new WebAssembly.Module(build().build());
    compiled.set(key, module);
  }
  return module;
}

/** The module exporting `matmulTransposed`. */
export function matmulModule(): WebAssembly.Module {
  return compileOnce(`matmul/${MATMUL_ROWS_PER_TILE}`, () => {
    const builder = new WasmModuleBuilder();
    builder.add(matmulFunction(MATMUL_ROWS_PER_TILE));
    return builder;
  });
}

/** The module exporting `attention` for heads of `headDim`. */
export function attentionModule(headDim: number): WebAssembly.Module {
  const tile = attentionTileFor(headDim);
  return compileOnce(`attention/${headDim}/${tile}`, () => {
    const builder = new WasmModuleBuilder();
    builder.add(attentionFunction(headDim, tile));
    return builder;
  });
}

let simd: boolean | undefined;

/** Whether this runtime has WebAssembly with fixed-width SIMD (Node ≥ 16.4 does); probed once. */
export function simdAvailable(): boolean {
  if (simd === undefined) {
    const builder = new WasmModuleBuilder();
    builder.add(new FunctionBuilder('probe', []).emit(op.i32Const(0), op.i32x4Splat(), op.drop()));
    simd = typeof WebAssembly === 'object' && WebAssembly.validate(builder.build());
  }
  return simd;
}
