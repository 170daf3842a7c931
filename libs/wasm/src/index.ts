export { ValType, type Code, flattenCode } from './wasm.types';
export { unsignedLeb128, signedLeb128, signedLeb128I64, f32Bytes, f64Bytes, i32Bytes, nameBytes } from './leb128.codec';
export { FunctionBuilder } from './function.builder';
export { WasmModuleBuilder, KERNEL_MEMORY, type MemoryImport, type OwnedMemory, type ModuleMemory } from './module.builder';
export { op } from './opcodes';
export { memarg } from './scalar.opcodes';
