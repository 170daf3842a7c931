import { adapterModelKey } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { type ApiError, invalidRequest, modelNotFound, serviceUnavailable } from '@tsukimi/openai';
import { err, ok, type Result } from '@tsukimi/result';
import { BlockKeyHashers } from '../completion/block-key.hashers';
import { servedModels } from '../completion/served-models';
import { type InstanceRegistry } from '../instance.registry';
import { type ModelCatalog } from '../model/model.catalog';
import { promptSalt } from '../tenancy/prompt-salt';
import { SharedPrefixMatcher } from '../tenancy/shared-prefix.matcher';
import { type Tenancy } from '../tenancy/tenancy.model';

/** A prompt's block keys as a request of the same tenant for the same model would have them. */
export interface PromptBlocks {
  readonly model: string;
  readonly blockSizeTokens: number;
  readonly promptTokens: number;
  readonly keys: readonly BlockKey[];
}

/**
 * Turns a prompt into the block keys its request would use: tokenized in the served model's
 * language (text as `/v1/completions` tokenizes it, or token ids as given), keyed by the model
 * (or adapter) and the tenant's salt with the hashers the request path uses, so a lookup finds
 * exactly what that tenant's requests would reuse and nothing of another namespace.
 */
export class PromptBlockKeys {
  private readonly hashers = new BlockKeyHashers();
  private readonly sharedPrefixes = new SharedPrefixMatcher();

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly catalog: ModelCatalog,
    private readonly servedModelName: string | undefined,
  ) {}

  /** Tokens per block of a served model (by the name clients use), if it is served. */
  blockSizeTokens(model: string): number | undefined {
    return servedModels(this.registry, this.servedModelName).find((m) => m.name === model)?.facts.blockSizeTokens;
  }

  keysOf(model: string, prompt: string | readonly number[], tenancy: Pick<Tenancy, 'tenantSalt' | 'sharing'>): Result<PromptBlocks, ApiError> {
    if (this.registry.models().length === 0) return err(serviceUnavailable('no instance has described its model yet', 1));
    const served = servedModels(this.registry, this.servedModelName).find((m) => m.name === model);
    if (!served) return err(modelNotFound(model));
    const { facts, adapter } = served;
    const language = this.catalog.language(facts.tokenizerId);
    if (!language) return err(serviceUnavailable(this.catalog.failure(facts.tokenizerId) ?? `the tokenizer of ${facts.modelId} is still being fetched from its instances`, 1));
    if (typeof prompt !== 'string' && prompt.some((t) => t >= language.tokenizer.vocabSize)) {
      return err(invalidRequest(`\`prompt\` holds a token id at or over the model's vocabulary size (${language.tokenizer.vocabSize}).`, 'prompt'));
    }
    const tokens = typeof prompt === 'string' ? language.completionTokens(prompt) : prompt;
    const keyModel = adapter ? adapterModelKey(facts.modelId, adapter.id) : facts.modelId;
    // Under the prompt's salt, as its request would be: a member's shared prefix under its group's.
    const salt = promptSalt(tenancy, { tokens, tokenizerId: facts.tokenizerId, language }, this.sharedPrefixes);
    const keys = this.hashers.get(keyModel, salt.tenantSalt, facts.blockSizeTokens).keys(tokens);
    return ok({ model, blockSizeTokens: facts.blockSizeTokens, promptTokens: tokens.length, keys });
  }
}
