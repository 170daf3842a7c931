export { LlamaCppOracle } from './oracle/llamacpp-oracle.client';
export { type OracleTiming } from './oracle/oracle.protocol';
