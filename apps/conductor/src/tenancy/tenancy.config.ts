import { field } from '@tsukimi/config';

/** Who may call the OpenAI routes, and how tenants' KV caches are kept apart. */
export const tenancySchema = {
  apiKeysFile: field.string({ optional: true, description: 'YAML or JSON file of accepted API keys, stored hashed ({keys: [{hash, tenant, group?, seeRouting?}], tenantGroups?: [{name, tenants, sharedPrefixes: [{text | system | tokens}]}]}): every /v1 request needs Authorization: Bearer <key>, and the key decides the tenant; a tenant group shares the blocks of its declared prefixes and nothing else' }),
  cacheSaltSecretFile: field.string({ optional: true, description: 'File holding the secret (at least 32 bytes) each tenant\'s block-key salt is derived from; the same on every conductor replica. Absent: a random one per process, so replicas and restarts share no cache' }),
  insecureNoAuth: field.boolean({ default: false, description: 'Serve without API keys on a non-loopback --host: every request is accepted and the tenant header is trusted' }),
};
