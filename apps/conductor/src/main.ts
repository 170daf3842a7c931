import { loadConfigOrExit } from '@tsukimi/config';
import { bootstrapServiceOrExit, createServiceLogger } from '@tsukimi/service-kit';
import { conductorSchema } from './conductor.config';
import { ConductorModule } from './conductor.module';
import { readEngineProfile } from './engine-profile.file';
import { OpenAiExceptionFilter } from './http/openai-errors';

const config = loadConfigOrExit(conductorSchema, { prefix: 'TSUKIMI_CONDUCTOR', command: 'tsukimi-conductor' });
const profile = config.engineProfile === undefined ? undefined : readEngineProfile(config.engineProfile);
if (profile && !profile.ok) {
  createServiceLogger({ service: 'conductor', config }).error('service failed to start', { reason: profile.error });
  process.exit(1);
}

void bootstrapServiceOrExit({
  service: 'conductor',
  module: ConductorModule.forRoot(config, profile?.value),
  config,
  fastify: { bodyLimit: 64 * 1024 * 1024 },
  configure: (app) => {
    app.useGlobalFilters(new OpenAiExceptionFilter());
  },
});
