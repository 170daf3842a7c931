import { scopedSalt } from '@tsukimi/kv-block';
import { type ModelLanguage } from '../model/model-language';
import { type SharedPrefixMatcher } from './shared-prefix.matcher';
import { type Tenancy } from './tenancy.model';

/** The salt one prompt's block keys are computed under, and how many of its leading tokens are the group's. */
export interface PromptSalt {
  /** What travels to the instances as the request's tenant salt (a `scopedSalt` when a shared prefix matched). */
  readonly tenantSalt: string;
  /** Tokens of the matched shared prefix; only its whole blocks are keyed under the group's salt. */
  readonly sharedTokens: number;
}

/** Who the prompt is for and what its tokens are: the tenant's own salt unless it begins with one of its group's shared prefixes. */
export function promptSalt(
  tenancy: Pick<Tenancy, 'tenantSalt' | 'sharing'>,
  prompt: { readonly tokens: readonly number[]; readonly tokenizerId: string; readonly language: ModelLanguage },
  matcher: SharedPrefixMatcher,
): PromptSalt {
  const { tenantSalt, sharing } = tenancy;
  if (sharing === undefined) return { tenantSalt, sharedTokens: 0 };
  const sharedTokens = matcher.sharedTokens(sharing, prompt.tokenizerId, prompt.language, prompt.tokens);
  return { tenantSalt: scopedSalt({ groupSalt: sharing.groupSalt, sharedTokens, tenantSalt }), sharedTokens };
}

/** A prompt's cached tokens split by the salt they were keyed under: the group's (whole shared blocks, which come first) and the tenant's. */
export function cachedTokensByScope(cachedTokens: number, sharedTokens: number, blockSizeTokens: number): { readonly group: number; readonly tenant: number } {
  const group = Math.min(cachedTokens, Math.floor(sharedTokens / blockSizeTokens) * blockSizeTokens);
  return { group, tenant: cachedTokens - group };
}
