/**
 * Micro-benchmark of the kernels at the tiny model's shapes (dim 64, 4 heads of 16,
 * 2 KV heads, FFN 192, vocab 259; KV blocks of 16): JsKernels against WasmKernels.
 * Prints JSON. Run: npx tsukimi bench kernels
 */
import { type AttentionArgs, JsKernels, KernelHeap, type Kernels, WasmKernels } from '@tsukimi/engine-reference';
import { SeededRandom } from '@tsukimi/llama-model';
import { runBench } from '../lib/bench-main';
import { kernelsArgs } from './kernels.args';

/** Everything, heap and data included, set up only once the command line is read. */
function main(): void {
  const heap = new KernelHeap(64 << 20);
  const random = new SeededRandom(2024);
  const kernels: Record<'js' | 'wasm', Kernels> = { js: new JsKernels(heap), wasm: new WasmKernels(heap) };

  /** Median milliseconds per call after a warm-up long enough for V8 to optimise the code. */
  function timeMs(call: () => void): number {
    const warmUntil = performance.now() + 300;
    while (performance.now() < warmUntil) call();
    const samples: number[] = [];
    for (let k = 0; k < 15; k++) {
      let calls = 0;
      const start = performance.now();
      do {
        call();
        calls++;
      } while (performance.now() - start < 20);
      samples.push((performance.now() - start) / calls);
    }
    return samples.sort((a, b) => a - b)[7]!;
  }

  function compare(flops: number, run: (k: Kernels) => void): Record<string, number> {
    const js = timeMs(() => run(kernels.js));
    const wasm = timeMs(() => run(kernels.wasm));
    const gflops = (ms: number) => Number((flops / ms / 1e6).toFixed(2));
    return { jsMs: Number(js.toFixed(4)), wasmMs: Number(wasm.toFixed(4)), jsGflops: gflops(js), wasmGflops: gflops(wasm), speedup: Number((js / wasm).toFixed(1)) };
  }

  function matmul(rows: number, inDim: number, outDim: number): Record<string, number> {
    const x = heap.store(random.normals(rows * inDim, 0, 1));
    const w = heap.store(random.normals(outDim * inDim, 0, 0.1));
    const out = heap.alloc(rows * outDim);
    return compare(2 * rows * inDim * outDim, (k) => k.matmulTransposed(out, x, rows, inDim, w, outDim));
  }

  const shape = { headDim: 16, heads: 4, kvHeads: 2, blockSizeTokens: 16, positions: 512 };
  const kvDim = shape.kvHeads * shape.headDim;
  const planeFloats = shape.blockSizeTokens * kvDim;
  const blocks = shape.positions / shape.blockSizeTokens;
  const blockFloats = 2 * 2 * planeFloats;
  const rowFloats = shape.heads * shape.headDim;
  const attentionBase = {
    table: heap.alloc(blocks),
    kv: heap.store(random.normals(blocks * blockFloats, 0, 1)),
    heads: shape.heads,
    kvHeads: shape.kvHeads,
    headDim: shape.headDim,
    blockSizeTokens: shape.blockSizeTokens,
    blockFloats,
    keyPlane: 2 * planeFloats,
    valuePlane: 3 * planeFloats,
    scale: 1 / Math.sqrt(shape.headDim),
  };
  heap.i32.set(Array.from({ length: blocks }, (_, b) => (b * 7) % blocks), attentionBase.table >> 2);
  const queries = heap.store(random.normals(shape.positions * rowFloats, 0, 1));

  /** Attention flops: a dot product and a weighted sum of headDim each per head and attended position. */
  function attention(firstPosition: number, rows: number): Record<string, number> {
    const args: AttentionArgs = { ...attentionBase, out: heap.alloc(rows * rowFloats), q: queries + firstPosition * rowFloats * 4, rows, firstPosition };
    const attended = rows * firstPosition + (rows * (rows + 1)) / 2;
    return compare(attended * shape.heads * 4 * shape.headDim, (k) => k.attention(args));
  }

  const result = JSON.stringify(
    {
      node: process.version,
      matmul: {
        'q 512×64→64': matmul(512, 64, 64),
        'kv 512×64→32': matmul(512, 64, 32),
        'gate/up 512×64→192': matmul(512, 64, 192),
        'down 512×192→64': matmul(512, 192, 64),
        'logits 512×64→259': matmul(512, 64, 259),
        'decode 1×64→192': matmul(1, 64, 192),
        'decode logits 1×64→259': matmul(1, 64, 259),
      },
      attention: {
        'prefill 512 rows from 0': attention(0, 512),
        'decode 1 row at 511': attention(511, 1),
      },
    },
    null,
    2,
  );
  console.log(result);
}

runBench(kernelsArgs, main);
