import { Controller, Get, Inject } from '@nestjs/common';
import { buildModelList } from '@tsukimi/openai';
import { CompletionService } from './completion.service';

/** `GET /v1/models`; the completion endpoints are plain Fastify routes (completion.routes.ts). */
@Controller('v1')
export class OpenAiController {
  private readonly startedS = Math.floor(Date.now() / 1000);

  constructor(@Inject(CompletionService) private readonly completions: CompletionService) {}

  @Get('models')
  models() {
    return buildModelList(this.completions.modelNames().map((id) => ({ id, created: this.startedS, ownedBy: 'tsukimi' })));
  }
}
