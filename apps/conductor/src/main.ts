import { loadConfigOrExit } from '@tsukimi/config';
import { bootstrapServiceOrExit } from '@tsukimi/service-kit';
import { conductorSchema } from './conductor.config';
import { ConductorModule } from './conductor.module';
import { type FastifyLikeError, fastifyErrorToApi, OpenAiExceptionFilter, sendApiError } from './http/openai-errors';

const config = loadConfigOrExit(conductorSchema, { prefix: 'TSUKIMI_CONDUCTOR', command: 'tsukimi-conductor' });

void bootstrapServiceOrExit({
  service: 'conductor',
  module: ConductorModule.forRoot(config),
  config,
  fastify: { bodyLimit: 64 * 1024 * 1024 },
  configure: (app) => {
    app.useGlobalFilters(new OpenAiExceptionFilter());
    app.getHttpAdapter().getInstance().setErrorHandler((error: FastifyLikeError, _request, reply) => sendApiError(reply, fastifyErrorToApi(error)));
  },
});
