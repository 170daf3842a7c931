import { type LlamaCppEngineInput, type LlamaCppKvDtype } from '../llamacpp-engine.options';

/** A plain llama.cpp context, outside any engine: the baseline the engine is compared with. */
export interface PlainContextConfig {
  readonly modelPath: string;
  readonly kvDtype: LlamaCppKvDtype;
  readonly flashAttention: boolean;
  readonly contextTokens: number;
  /** A LoRA adapter the plain context applies, as `createContext({ lora })` does. */
  readonly lora?: { readonly path: string; readonly scale?: number };
}

/** Requests the engine host answers over ChildRpc; byte payloads travel as base64. */
export type HostRequest =
  | { readonly op: 'load'; readonly engine: string; readonly options: Omit<LlamaCppEngineInput, 'observer'> }
  | { readonly op: 'dispose'; readonly engine: string }
  | { readonly op: 'open'; readonly engine: string; readonly tenantSalt?: string; readonly adapter?: string }
  | { readonly op: 'close'; readonly engine: string; readonly sequence: number }
  | { readonly op: 'prefill'; readonly engine: string; readonly sequence: number; readonly tokens: readonly number[]; readonly logits?: 'last' | 'all' | 'none' }
  | { readonly op: 'decode'; readonly engine: string; readonly entries: readonly { readonly sequence: number; readonly token: number }[] }
  | {
      readonly op: 'greedy';
      readonly engine: string;
      readonly prompts: readonly (readonly number[])[];
      readonly steps: number;
      readonly tenantSalt?: string;
      /** One adapter name (or undefined for the base model) per prompt; all base when absent. */
      readonly adapters?: readonly (string | null)[];
    }
  | { readonly op: 'blockKeys'; readonly engine: string; readonly tokens: readonly number[]; readonly tenantSalt?: string; readonly adapter?: string }
  | { readonly op: 'cachedPrefixBlocks'; readonly engine: string; readonly keys: readonly string[] }
  | { readonly op: 'export'; readonly engine: string; readonly key: string; readonly digest?: string }
  | { readonly op: 'import'; readonly engine: string; readonly key: string; readonly bytes: string; readonly digest?: string }
  | { readonly op: 'stats'; readonly engine: string }
  | { readonly op: 'contextStats'; readonly engine: string }
  | { readonly op: 'plainGreedy'; readonly config: PlainContextConfig; readonly tokens: readonly number[]; readonly steps: number }
  | { readonly op: 'plainState'; readonly config: PlainContextConfig; readonly tokens: readonly number[] };

/** The outcome of one greedy run through the engine: each prompt's generated tokens and what its prefill reused. */
export interface GreedyOutcome {
  readonly tokens: number[][];
  readonly reusedTokens: number[];
  readonly computedTokens: number[];
}
