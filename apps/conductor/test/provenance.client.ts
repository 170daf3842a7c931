import type OpenAI from 'openai';

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
