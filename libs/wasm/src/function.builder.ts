import { unsignedLeb128 } from './leb128.codec';
import { type Code, type ValType, flattenCode } from './wasm.types';

/**
 * One WebAssembly function under construction: its signature, its locals and its
 * instructions. Parameters are locals 0..params-1; `local()` hands out the next
 * index, so generators name locals by variable rather than by number.
 */
export class FunctionBuilder {
  private readonly localTypes: ValType[] = [];
  private readonly code: Code[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** Local index of parameter `i`. */
  param(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.params.length) throw new RangeError(`${this.name} has no parameter ${i}`);
    return i;
  }

  /** A fresh local of `type`, zero-initialised on entry as WebAssembly guarantees. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  /** `count` fresh locals of `type`. */
  locals(type: ValType, count: number): number[] {
    return Array.from({ length: count }, () => this.local(type));
  }

  /** Appends instructions to the body. */
  emit(...code: Code[]): this {
    this.code.push(...code);
    return this;
  }

  /** The body as the code section stores it: its size, local declarations grouped in runs of one type, instructions, `end`. */
  encodeBody(): number[] {
    const runs: [count: number, type: ValType][] = [];
    for (const type of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const body = flattenCode([unsignedLeb128(runs.length), runs.map(([count, type]) => [unsignedLeb128(count), type]), this.code, 0x0b]);
    return [...unsignedLeb128(body.length), ...body];
  }
}
