import { type ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, Inject, Post, Res } from '@nestjs/common';
import { buildModelList } from '@tsukimi/openai';
import { CONDUCTOR_CONFIG } from '../conductor.tokens';
import { type ConductorConfig } from '../conductor.config';
import { CompletionService, type RequestHeaders } from './completion.service';

/** The OpenAI-compatible routes; all work happens in CompletionService. */
@Controller('v1')
export class OpenAiController {
  private readonly startedS = Math.floor(Date.now() / 1000);

  constructor(
    @Inject(CompletionService) private readonly completions: CompletionService,
    @Inject(CONDUCTOR_CONFIG) private readonly config: ConductorConfig,
  ) {}

  @Get('models')
  models() {
    return buildModelList(this.completions.modelNames().map((id) => ({ id, created: this.startedS, ownedBy: 'tsukimi' })));
  }

  @Post('completions')
  async completion(@Body() body: unknown, @Headers() headers: Record<string, string | undefined>, @Res() reply: { readonly raw: ServerResponse }): Promise<void> {
    await this.completions.handle('completions', body, this.context(headers), reply.raw);
  }

  @Post('chat/completions')
  async chat(@Body() body: unknown, @Headers() headers: Record<string, string | undefined>, @Res() reply: { readonly raw: ServerResponse }): Promise<void> {
    await this.completions.handle('chat', body, this.context(headers), reply.raw);
  }

  private context(headers: Record<string, string | undefined>): RequestHeaders {
    return {
      tenant: headers[this.config.tenantHeader] ?? '',
      priority: headers[this.config.priorityHeader],
      sessionId: headers[this.config.sessionHeader],
    };
  }
}
