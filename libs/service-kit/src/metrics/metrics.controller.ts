import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Registry } from 'prom-client';
import { type ReplyHeaders } from '../http/reply.model';
import { Metrics } from './metrics.service';

/** Prometheus scrape endpoint: this instance's registry in the text exposition format. */
@Controller()
export class MetricsController {
  constructor(
    @Inject(Registry) private readonly registry: Registry,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) reply: ReplyHeaders): Promise<string> {
    await this.metrics.sample();
    reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
