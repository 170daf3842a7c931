import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Engine } from '@tsukimi/engine';
import { Metrics, ReadinessRegistry, healthy } from '@tsukimi/service-kit';
import { ENGINE } from './prefill.tokens';

/** Ready once the model is loaded (it is, before the app starts); registers the gauges dashboards read. */
@Injectable()
export class PrefillReadiness implements OnModuleInit {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(ENGINE) private readonly engine: Engine,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.readiness.register('model', () => healthy({ modelId: this.engine.info.modelId }));
    this.metrics.get('tsukimi_instance_prefill_requests_total');
    this.metrics.get('tsukimi_instance_computed_tokens_total');
    this.metrics.get('tsukimi_instance_reused_tokens_total');
  }
}
