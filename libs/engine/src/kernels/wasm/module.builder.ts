import { type FunctionBuilder } from './function.builder';
import { nameBytes, unsignedLeb128 } from './leb128.codec';
import { type Code, flattenCode } from './wasm.types';

/** Where the module finds the memory it works on. */
export interface MemoryImport {
  readonly module: string;
  readonly name: string;
}

/** The import every kernel module declares: `env.memory`, a `KernelHeap`'s memory. */
export const KERNEL_MEMORY: MemoryImport = { module: 'env', name: 'memory' };

const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const FUNC_TYPE = 0x60;
const MEMORY_KIND = 0x02;
const FUNCTION_KIND = 0x00;

/**
 * Assembles a WebAssembly binary from functions: the memory is imported (never
 * defined) so kernels operate in place on the heap that owns the tensors, and
 * every function is exported under its name. Types are deduplicated.
 */
export class WasmModuleBuilder {
  private readonly functions: FunctionBuilder[] = [];

  constructor(private readonly memory: MemoryImport = KERNEL_MEMORY) {}

  /** Adds `fn` and returns its function index, the immediate of `call`. */
  add(fn: FunctionBuilder): number {
    if (this.functions.some((f) => f.name === fn.name)) throw new Error(`duplicate function ${fn.name}`);
    this.functions.push(fn);
    return this.functions.length - 1;
  }

  build(): Uint8Array {
    const types: string[] = [];
    const typeIndex = this.functions.map((fn) => {
      const key = JSON.stringify([fn.params, fn.results]);
      const index = types.indexOf(key);
      return index >= 0 ? index : types.push(key) - 1;
    });
    const typeEntries = this.functions
      .filter((_, i) => typeIndex.indexOf(typeIndex[i]!) === i)
      .map((fn) => [FUNC_TYPE, ...vector(fn.params.map((t) => [t])), ...vector(fn.results.map((t) => [t]))]);
    const memoryLimits = [0x00, ...unsignedLeb128(0)];
    return new Uint8Array(
      flattenCode([
        MAGIC_AND_VERSION,
        section(SECTION.type, vector(typeEntries)),
        section(SECTION.import, vector([[...nameBytes(this.memory.module), ...nameBytes(this.memory.name), MEMORY_KIND, ...memoryLimits]])),
        section(SECTION.function, vector(typeIndex.map((i) => unsignedLeb128(i)))),
        section(SECTION.export, vector(this.functions.map((fn, i) => [...nameBytes(fn.name), FUNCTION_KIND, ...unsignedLeb128(i)]))),
        section(SECTION.code, vector(this.functions.map((fn) => fn.encodeBody()))),
      ]),
    );
  }
}

function vector(items: readonly Code[]): Code {
  return [unsignedLeb128(items.length), items];
}

function section(id: number, contents: Code): Code {
  const bytes = flattenCode(contents);
  return [id, unsignedLeb128(bytes.length), bytes];
}
