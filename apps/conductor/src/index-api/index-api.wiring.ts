import { type INestApplication } from '@nestjs/common';
import { type FastifyInstance } from 'fastify';
import { type InstanceRegistry, type ModelCatalog, PromptBlockKeys } from '@tsukimi/conductor';
import { IndexEventRelay } from '@tsukimi/kv-store';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { type ConductorConfig } from '../conductor.config';
import { CATALOG, REGISTRY } from '../conductor.tokens';
import { type TenantGate } from '../tenancy/tenant.gate';
import { registerIndexApiRoutes } from './index-api.routes';

/** The index read API over the conductor's prefix index: its routes, and a relay told of every pool change the index applies. */
export function registerIndexApi(app: INestApplication, fastify: FastifyInstance, config: ConductorConfig, tenants: TenantGate, tokens: ServiceTokens | undefined): void {
  const registry = app.get<InstanceRegistry>(REGISTRY);
  const index = registry.index;
  const relay = new IndexEventRelay({ get epoch() { return index.epoch; }, get lastEventId() { return index.lastEventId; }, poolReplicas: () => index.poolReplicas() });
  index.observe(relay);
  const prompts = new PromptBlockKeys(registry, app.get<ModelCatalog>(CATALOG), config.servedModelName);
  registerIndexApiRoutes(fastify, { registry, prompts, relay, tenants, tokens });
}
