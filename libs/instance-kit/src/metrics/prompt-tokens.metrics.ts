import { type Metrics } from '@tsukimi/service-kit';
import { type TokenReuse } from '@tsukimi/serving';
import { type InstanceRole } from '@tsukimi/scheduler';

const TIERS = ['device', 'dram', 'ssd'] as const;

/** Creates the prompt-token counters of `role` at 0, so a rate over them has data before the first request. */
export function registerPromptTokens(metrics: Metrics, role: InstanceRole): void {
  countPromptTokens(metrics, role, 0, { device: 0, dram: 0, ssd: 0 });
}

/** Counts one request's prompt tokens: those the engine computed, and those it reused, by the tier they came from. */
export function countPromptTokens(metrics: Metrics, role: InstanceRole, computedTokens: number, reused: TokenReuse): void {
  metrics.get('tsukimi_instance_computed_tokens_total').inc({ role }, computedTokens);
  for (const tier of TIERS) metrics.get('tsukimi_instance_reused_tokens_total').inc({ role, tier }, reused[tier]);
}
