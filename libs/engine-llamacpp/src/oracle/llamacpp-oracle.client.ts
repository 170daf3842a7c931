import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { type OracleRequest, type OracleResponse, type OracleResults, type OracleTiming, type OracleVocabulary } from './oracle.protocol';

const REGISTER = path.resolve(__dirname, '../../../../tools/runtime/register.js');
const MAIN = path.resolve(__dirname, 'llamacpp-oracle.main.ts');

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * llama.cpp as a reference implementation, in a child process. One request at a time
 * is enough for tests and benchmarks; requests are queued in order.
 */
export class LlamaCppOracle {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => this.onLine(line));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`llama.cpp oracle exited (code ${code}, signal ${signal}): ${stderr.trim()}`);
      for (const waiter of this.pending.values()) waiter.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Starts the oracle on a GGUF file, with `loraPath`'s adapter applied at scale 1 if given; resolves once the model answers a first request. */
  static async start(modelPath: string, contextTokens = 2048, loraPath?: string): Promise<LlamaCppOracle> {
    const args = [modelPath, String(contextTokens), ...(loraPath ? [loraPath] : [])];
    const child = spawn(process.execPath, ['-r', REGISTER, MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const oracle = new LlamaCppOracle(child);
    await oracle.tokenize('');
    return oracle;
  }

  probabilities(tokens: readonly number[]): Promise<OracleResults['probabilities']> {
    return this.call({ op: 'probabilities', tokens }) as Promise<OracleResults['probabilities']>;
  }

  greedy(tokens: readonly number[], maxTokens: number): Promise<number[]> {
    return this.call({ op: 'greedy', tokens, maxTokens }) as Promise<number[]>;
  }

  /** llama.cpp's tokenize without added BOS/EOS; `special` matches control tokens written in the text. */
  tokenize(text: string, special = false): Promise<number[]> {
    return this.call({ op: 'tokenize', text, special }) as Promise<number[]>;
  }

  /** llama.cpp's detokenize (SentencePiece leading space removed, clean-up applied); `special` renders control tokens. */
  detokenize(tokens: readonly number[], special = false): Promise<string> {
    return this.call({ op: 'detokenize', tokens, special }) as Promise<string>;
  }

  vocabulary(): Promise<OracleVocabulary> {
    return this.call({ op: 'vocabulary' }) as Promise<OracleVocabulary>;
  }

  time(promptTokens: readonly number[], decodeTokens: number, repeats: number): Promise<OracleTiming> {
    return this.call({ op: 'time', promptTokens, decodeTokens, repeats }) as Promise<OracleTiming>;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await exited;
  }

  private call(request: OracleRequest): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, request })}\n`);
    });
  }

  private onLine(line: string): void {
    const response = JSON.parse(line) as OracleResponse;
    const waiter = this.pending.get(response.id);
    if (!waiter) return;
    this.pending.delete(response.id);
    if ('error' in response) waiter.reject(new Error(`llama.cpp oracle: ${response.error}`));
    else waiter.resolve(response.result);
  }
}
