export { LlamaCppOracle } from './oracle/llamacpp-oracle.client';
export { ChildRpc } from './child/child-rpc.client';
export { serveChildRpc, byOp, type OpHandlers, runChildMain } from './child/child-rpc.server';
export { type OracleTiming } from './oracle/oracle.protocol';
export { LlamaCppEngine } from './engine/llamacpp.engine';
export {
  type LlamaCppEngineOptions,
  type LlamaCppEngineInput,
  type LlamaCppGpu,
  type LlamaCppKvDtype,
  type InvalidEngineOption,
  LLAMACPP_ENGINE_DEFAULTS,
  compileLlamaCppEngineOptions,
} from './engine/llamacpp-engine.options';
export { type LlamaCppEngineLoadError, type UnsupportedKvCache } from './engine/llamacpp-engine.load';
export { type LlamaCppStartFailed } from './engine/llamacpp.runtime';
export { LLAMACPP_ENGINE_NAME, llamaCppModelHash, digestModelFile, type LlamaCppKvConfig } from './engine/llamacpp-model-hash';
export { LlamaCppTokenizer } from './engine/llamacpp.tokenizer';
export { BlockMemory } from './engine/block-memory';
export { type SequenceState, readSequenceState, LLAMA_STATE_SEQ_MAGIC, LLAMA_STATE_SEQ_VERSION } from './state/sequence-state.reader';
export { type CutSequenceState, cutSequenceState, copyRunsOut } from './state/sequence-state.cutter';
export { writeSequenceState, sequenceStateBytes } from './state/sequence-state.writer';
export { type SequenceStateInvalid, type SequenceStateProblem } from './state/sequence-state.errors';
export { type SequenceStateFrame, type KvRun, type KvElementType, type ValueLayout, kvRunBytes } from './state/sequence-state.types';
