/**
 * The model id that seeds the block keys of sequences run with a LoRA adapter, in place of the
 * base model's id: `blockHashOptions({ modelId: adapterModelKey(modelId, adapterId), ... })`.
 * The adapter changes every layer's KV, so its blocks must never match the base model's or
 * another adapter's; anyone computing keys for such a sequence (the conductor, from an
 * instance's description) derives them with this function.
 */
export function adapterModelKey(modelId: string, adapterId: string): string {
  return `${modelId}+lora:${adapterId}`;
}
