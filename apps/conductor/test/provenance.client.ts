import OpenAI from 'openai';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';

/** The `usage.tsukimi` extension: where a response's KV came from and how it was scheduled. */
export interface Provenance {
  readonly prefill_instance: string;
  readonly ttft_ms: number;
  readonly estimated_ttft_ms?: number;
  readonly reused_tokens: { device: number; dram: number; ssd: number };
  readonly schedule?: { policy: string; branch: 'holder' | 'fetch' | 'recompute'; chosen_by: string };
  readonly decode_instance?: string | null;
  readonly computed_tokens?: number;
  /** Whether a prefill instance computed the prompt (`disaggregated`) or the decode instance ran the whole request (`local`), and why. */
  readonly disaggregation?: { run: 'local' | 'disaggregated'; reason: string };
}

/** One greedy, one-token completion; answers its provenance. */
export async function completionProvenance(client: OpenAI, model: string, prompt: string): Promise<Provenance> {
  const completion = await client.completions.create({ model, prompt, max_tokens: 1, temperature: 0 });
  return (completion.usage as unknown as { tsukimi: Provenance }).tsukimi;
}

/** One greedy completion from `conductor` with its token ids and its provenance (of type `P`, for extensions a test reads). */
export async function completionWithTokens<P extends Provenance = Provenance>(conductor: ServiceProcess, model: string, prompt: string, maxTokens: number): Promise<{ tokens: number[]; provenance: P }> {
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  const completion = await client.completions.create({ model, prompt, max_tokens: maxTokens, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming);
  const tokens = (completion.choices[0] as OpenAI.CompletionChoice & { token_ids?: number[] }).token_ids ?? [];
  return { tokens, provenance: (completion.usage as unknown as { tsukimi: P }).tsukimi };
}
