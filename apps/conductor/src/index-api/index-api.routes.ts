import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type InstanceRegistry, type PromptBlockKeys } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { blockHoldings, INDEX_API_VERSION, type IndexEventRelay, type IndexLookupV1, parseLookupBody } from '@tsukimi/kv-store';
import { serveIndexEvents } from './index-events.sse';
import { type ApiError, invalidRequest } from '@tsukimi/openai';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { fastifyErrorToApi, sendApiError } from '../http/openai-errors';
import { type TenantGate } from '../tenancy/tenant.gate';
import { clusterViewOnly, indexAccess } from './index-access';


export interface IndexApiDeps {
  readonly registry: InstanceRegistry;
  readonly prompts: PromptBlockKeys;
  readonly relay: IndexEventRelay;
  readonly tenants: TenantGate;
  readonly tokens: ServiceTokens | undefined;
}

export const INDEX_LOOKUP_PATH = `/index/${INDEX_API_VERSION}/lookup`;
export const INDEX_EVENTS_PATH = `/index/${INDEX_API_VERSION}/events`;

/**
 * The conductor's index read API, v1: where a prompt's (or any keys') blocks are held, per tier
 * and instance or node, from the conductor's own prefix index (instances' memory from their
 * reports, pool tiers from the master's stream); and the pool's index events, served on.
 */
export function registerIndexApiRoutes(fastify: FastifyInstance, deps: IndexApiDeps): void {
  const errorHandler = (error: Parameters<typeof fastifyErrorToApi>[0], _request: FastifyRequest, reply: FastifyReply) => sendApiError(reply, fastifyErrorToApi(error));
  fastify.route({
    method: 'POST',
    url: INDEX_LOOKUP_PATH,
    errorHandler,
    handler: async (request, reply) => {
      const answer = lookup(request, deps);
      if ('status' in answer) return sendApiError(reply, answer);
      return reply.header('x-tsukimi-index-api-version', INDEX_API_VERSION).send(answer);
    },
  });
  fastify.route({
    method: 'GET',
    url: INDEX_EVENTS_PATH,
    errorHandler,
    handler: async (request, reply) => {
      const access = indexAccess(request, deps.tokens, deps.tenants);
      if (!access.ok) return sendApiError(reply, access.error);
      if (access.value.kind !== 'cluster') return sendApiError(reply, clusterViewOnly('The event stream'));
      serveIndexEvents(request, reply, deps.relay);
    },
  });
}

function lookup(request: FastifyRequest, deps: IndexApiDeps): IndexLookupV1 | ApiError {
  const access = indexAccess(request, deps.tokens, deps.tenants);
  if (!access.ok) return access.error;
  const parsed = parseLookupBody(request.body);
  if (!parsed.ok) return invalidRequest(parsed.error.message, parsed.error.param);
  const asked = parsed.value;
  let keys: readonly BlockKey[];
  let facts: { model: string | null; blockSizeTokens?: number; promptTokens: number | null };
  if (asked.kind === 'prompt') {
    // A prompt is hashed in a tenant's namespace: the caller's own, or, with the service token and no API keys, the trusted header's.
    const header = deps.tenants.tenancyOfHeaders(request.headers);
    const tenancy = access.value.kind === 'tenant' ? access.value.tenancy : !deps.tenants.keyed && header.ok ? header.value : undefined;
    if (tenancy === undefined) return invalidRequest('A prompt lookup is answered in a tenant\'s namespace: send that tenant\'s API key, or look up block keys with the service token.', 'prompt');
    const blocks = deps.prompts.keysOf(asked.model, asked.prompt, tenancy);
    if (!blocks.ok) return blocks.error;
    keys = blocks.value.keys;
    facts = { model: blocks.value.model, blockSizeTokens: blocks.value.blockSizeTokens, promptTokens: blocks.value.promptTokens };
  } else {
    if (access.value.kind !== 'cluster') return clusterViewOnly('A lookup by block keys');
    keys = asked.keys;
    const blockSizeTokens = asked.model === undefined ? undefined : deps.prompts.blockSizeTokens(asked.model);
    facts = { model: asked.model ?? null, ...(blockSizeTokens === undefined ? {} : { blockSizeTokens }), promptTokens: null };
  }
  const index = deps.registry.index;
  const showPlacement = access.value.kind === 'cluster' || access.value.tenancy.seeRouting;
  const holdings = blockHoldings(keys, keys.map((key) => index.locationsOf(key).map((l) => (l.tier === 'device' ? { tier: l.tier, instance: l.instance } : { tier: l.tier, node: l.node }))), {
    showPlacement,
    ...(facts.blockSizeTokens === undefined ? {} : { blockSizeTokens: facts.blockSizeTokens }),
  });
  return {
    object: 'index.lookup',
    version: INDEX_API_VERSION,
    epoch: index.epoch,
    last_event_id: index.lastEventId,
    model: facts.model,
    block_size_tokens: facts.blockSizeTokens ?? null,
    prompt_tokens: facts.promptTokens,
    ...holdings,
  };
}
