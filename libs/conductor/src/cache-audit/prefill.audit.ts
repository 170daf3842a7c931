import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '@tsukimi/scheduler';
import { type TokenReuse } from '@tsukimi/serving';
import { type InstanceRegistry } from '../instance.registry';
import { type ReuseAudit } from './reuse.audit';

/** The audit of one request, as its provenance carries it. */
export interface ReuseProvenance {
  /** Cached tokens the conductor predicted the prefill instance would reuse, by tier. */
  readonly predictedTokens: TokenReuse;
  /** Whether that instance's cache is trusted in scoring after this request. */
  readonly cacheTrusted: boolean;
}

/** What a prefill answered that the audit judges. */
export interface AuditedPrefill {
  readonly blockKeys: readonly BlockKey[];
  readonly reused: TokenReuse;
}

/** Judges one prefill's reuse against its prediction, with what the registry knows of the instance for a probable cause. */
export function auditPrefill(
  audit: ReuseAudit,
  registry: Pick<InstanceRegistry, 'state' | 'modelFacts'>,
  request: { readonly modelId: string; readonly adapter?: string | undefined },
  instance: InstanceId,
  predictedTokens: TokenReuse,
  conductorKeys: readonly BlockKey[],
  answer: AuditedPrefill,
): ReuseProvenance {
  const cacheTrusted = audit.record(instance, predictedTokens, answer.reused, () => {
    const facts = registry.state(instance)?.facts;
    const reference = registry.modelFacts(request.modelId);
    const modelDiffers = facts !== undefined && (facts.modelId !== request.modelId || (reference !== undefined && facts.modelHash !== reference.modelHash));
    return { conductorKeys, instanceKeys: answer.blockKeys, adapter: request.adapter, modelDiffers };
  });
  return { predictedTokens, cacheTrusted };
}
