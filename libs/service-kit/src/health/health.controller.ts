import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { type ReplyHeaders } from '../http/reply.model';
import { ReadinessRegistry, type ReadinessReport } from './readiness.registry';

/** Kubernetes probes: liveness says the process runs; readiness says send me traffic. */
@Controller()
export class HealthController {
  constructor(@Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry) {}

  /** Up while the event loop answers, draining included: restarting a draining pod would cut its requests. */
  @Get('healthz')
  live(): { readonly status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: ReplyHeaders): Promise<ReadinessReport & { readonly status: string }> {
    const report = await this.readiness.evaluate();
    reply.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: report.ready ? 'ready' : 'not ready', ...report };
  }
}
