import * as path from 'node:path';
import { ChildRpc } from '../child/child-rpc.client';
import { type OracleRequest, type OracleResults, type OracleTiming, type OracleVocabulary } from './oracle.protocol';

const MAIN = path.resolve(__dirname, 'llamacpp-oracle.main.ts');

/**
 * llama.cpp as a reference implementation, in a child process. One request at a time
 * is enough for tests and benchmarks; requests are queued in order.
 */
export class LlamaCppOracle {
  private constructor(private readonly rpc: ChildRpc<OracleRequest>) {}

  /** Starts the oracle on a GGUF file, with `loraPath`'s adapter applied at scale 1 if given; resolves once the model answers a first request. */
  static async start(modelPath: string, contextTokens = 2048, loraPath?: string): Promise<LlamaCppOracle> {
    const args = [modelPath, String(contextTokens), ...(loraPath ? [loraPath] : [])];
    const oracle = new LlamaCppOracle(ChildRpc.spawn(MAIN, args, 'llama.cpp oracle'));
    await oracle.tokenize('');
    return oracle;
  }

  probabilities(tokens: readonly number[]): Promise<OracleResults['probabilities']> {
    return this.rpc.call<OracleResults['probabilities']>({ op: 'probabilities', tokens });
  }

  greedy(tokens: readonly number[], maxTokens: number): Promise<number[]> {
    return this.rpc.call<number[]>({ op: 'greedy', tokens, maxTokens });
  }

  /** llama.cpp's tokenize without added BOS/EOS; `special` matches control tokens written in the text. */
  tokenize(text: string, special = false): Promise<number[]> {
    return this.rpc.call<number[]>({ op: 'tokenize', text, special });
  }

  /** llama.cpp's detokenize (SentencePiece leading space removed, clean-up applied); `special` renders control tokens. */
  detokenize(tokens: readonly number[], special = false): Promise<string> {
    return this.rpc.call<string>({ op: 'detokenize', tokens, special });
  }

  /**
   * Puts another GGUF in place of the one loaded (no LoRA adapter): a suite comparing many small
   * models pays for one process and one llama.cpp start, not one per model.
   */
  async load(modelPath: string, contextTokens = 2048): Promise<void> {
    await this.rpc.call<OracleResults['load']>({ op: 'load', modelPath, contextTokens });
  }

  vocabulary(): Promise<OracleVocabulary> {
    return this.rpc.call<OracleVocabulary>({ op: 'vocabulary' });
  }

  time(promptTokens: readonly number[], decodeTokens: number, repeats: number): Promise<OracleTiming> {
    return this.rpc.call<OracleTiming>({ op: 'time', promptTokens, decodeTokens, repeats });
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
