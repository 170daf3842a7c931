import { loadConfigOrExit } from '@tsukimi/config';
import { type Result } from '@tsukimi/result';
import { bootstrapServiceOrExit, createServiceLogger, openServiceTokensOrExit, startServiceTracingOrExit } from '@tsukimi/service-kit';
import { conductorSchema, resolveConductorConfig } from './conductor.config';
import { ConductorModule } from './conductor.module';
import { readEngineProfile } from './engine-profile.file';
import { registerCompletionRoutes } from './http/completion.routes';
import { registerIndexApi } from './index-api/index-api.wiring';
import { CompletionService } from './http/completion.service';
import { OpenAiExceptionFilter } from './http/openai-errors';
import { readSchedulerProfile } from './scheduler-profile.file';
import { exposureProblem } from './tenancy/exposure.rule';
import { buildTenantGate } from './tenancy/tenant-gate.factory';

const config = resolveConductorConfig(loadConfigOrExit(conductorSchema, { prefix: 'TSUKIMI_CONDUCTOR', command: 'tsukimi-conductor' }));
// Before the module is built: its gRPC clients and gateways take their tracing when they are made.
const tracing = startServiceTracingOrExit('conductor', config, createServiceLogger({ service: 'conductor', config }));

const exposure = exposureProblem(config);
if (exposure !== undefined) {
  process.stderr.write(`tsukimi-conductor: ${exposure}\n`);
  process.exit(2);
}

/** A file the configuration names, read and checked; a bad one stops the conductor, saying which key and why. */
function readOrExit<T>(read: Result<T, string> | undefined): T | undefined {
  if (read === undefined || read.ok) return read?.value;
  createServiceLogger({ service: 'conductor', config }).error('service failed to start', { reason: read.error });
  return process.exit(1);
}

const profile = readOrExit(config.engineProfile === undefined ? undefined : readEngineProfile(config.engineProfile));
const schedulerProfile = readOrExit(config.schedulerProfile === undefined ? undefined : readSchedulerProfile(config.schedulerProfile));
const tenants = readOrExit(
  buildTenantGate(config, () =>
    createServiceLogger({ service: 'conductor', config }).warn('cache salt secret generated for this process', {
      reason: 'no --cache-salt-secret-file: conductor replicas derive different salts, and a restart loses every tenant\'s cached prefixes',
    }),
  ),
)!;

const serviceTokens = openServiceTokensOrExit(config, createServiceLogger({ service: 'conductor', config }));

void bootstrapServiceOrExit({
  service: 'conductor',
  module: ConductorModule.forRoot(config, profile, schedulerProfile, serviceTokens),
  config,
  serviceTokens,
  tracing,
  fastify: { bodyLimit: config.maxRequestBodyBytes },
  configure: (app) => {
    app.useGlobalFilters(new OpenAiExceptionFilter());
    const fastify = app.getHttpAdapter().getInstance();
    tenants.register(fastify);
    registerCompletionRoutes(fastify, app.get(CompletionService), config, tenants);
    registerIndexApi(app, fastify, config, tenants, serviceTokens);
  },
});
