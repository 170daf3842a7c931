import { type FunctionBuilder } from './function.builder';
import { nameBytes, unsignedLeb128 } from './leb128.codec';
import { type Code, flattenCode } from './wasm.types';

/** A memory the module imports: kernels work in place on the heap that owns the tensors. */
export interface MemoryImport {
  readonly kind: 'import';
  readonly module: string;
  readonly name: string;
}

/** A memory the module defines and exports: a fixed `pages` of 64 KiB, for a module that owns its working set. */
export interface OwnedMemory {
  readonly kind: 'own';
  readonly pages: number;
  readonly exportAs: string;
}

export type ModuleMemory = MemoryImport | OwnedMemory;

/** The import every kernel module declares: `env.memory`, a `KernelHeap`'s memory. */
export const KERNEL_MEMORY: MemoryImport = { kind: 'import', module: 'env', name: 'memory' };

const SECTION = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;
const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const FUNC_TYPE = 0x60;
const MEMORY_KIND = 0x02;
const FUNCTION_KIND = 0x00;
const LIMITS_MIN_ONLY = 0x00;
const LIMITS_MIN_MAX = 0x01;
/** 4 GiB, all a 32-bit memory can address. */
const MAX_PAGES = 65536;

/**
 * Assembles a WebAssembly binary from functions over one memory, imported
 * (`KERNEL_MEMORY` by default) or owned and exported. Every function is exported
 * under its name; types are deduplicated.
 */
export class WasmModuleBuilder {
  private readonly functions: FunctionBuilder[] = [];

  constructor(private readonly memory: ModuleMemory = KERNEL_MEMORY) {
    if (memory.kind === 'own' && !(Number.isInteger(memory.pages) && memory.pages >= 0 && memory.pages <= MAX_PAGES)) {
      throw new RangeError(`not a page count: ${memory.pages}`);
    }
  }

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
    const memory = memorySections(this.memory);
    const functionExports = this.functions.map((fn, i) => [...nameBytes(fn.name), FUNCTION_KIND, ...unsignedLeb128(i)]);
    return new Uint8Array(
      flattenCode([
        MAGIC_AND_VERSION,
        section(SECTION.type, vector(typeEntries)),
        memory.imports,
        section(SECTION.function, vector(typeIndex.map((i) => unsignedLeb128(i)))),
        memory.definitions,
        section(SECTION.export, vector([...functionExports, ...memory.exports])),
        section(SECTION.code, vector(this.functions.map((fn) => fn.encodeBody()))),
      ]),
    );
  }
}

/** What declares the module's memory (index 0 either way): an import section, or a memory section and an export. */
function memorySections(memory: ModuleMemory): { imports: Code; definitions: Code; exports: Code[] } {
  if (memory.kind === 'import') {
    const limits = [LIMITS_MIN_ONLY, ...unsignedLeb128(0)];
    return { imports: section(SECTION.import, vector([[...nameBytes(memory.module), ...nameBytes(memory.name), MEMORY_KIND, ...limits]])), definitions: [], exports: [] };
  }
  const limits = [LIMITS_MIN_MAX, ...unsignedLeb128(memory.pages), ...unsignedLeb128(memory.pages)];
  return { imports: [], definitions: section(SECTION.memory, vector([limits])), exports: [[...nameBytes(memory.exportAs), MEMORY_KIND, ...unsignedLeb128(0)]] };
}

function vector(items: readonly Code[]): Code {
  return [unsignedLeb128(items.length), items];
}

function section(id: number, contents: Code): Code {
  const bytes = flattenCode(contents);
  return [id, unsignedLeb128(bytes.length), bytes];
}
