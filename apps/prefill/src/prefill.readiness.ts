import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Engine } from '@tsukimi/engine';
import { exportInstanceLoad, registerBlockRejects, registerPlanOutcomes, registerPromptTokens } from '@tsukimi/instance-kit';
import { type PrefillWorker } from '@tsukimi/serving';
import { Metrics, ReadinessRegistry, healthy } from '@tsukimi/service-kit';
import { ENGINE, PREFILL_WORKER } from './prefill.tokens';

/** Ready once the model is loaded (it is, before the app starts); exports the load and counters dashboards read. */
@Injectable()
export class PrefillReadiness implements OnModuleInit {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(ENGINE) private readonly engine: Engine,
    @Inject(PREFILL_WORKER) private readonly worker: PrefillWorker,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.readiness.register('model', () => healthy({ modelId: this.engine.info.modelId }));
    this.metrics.get('tsukimi_instance_prefill_requests_total');
    registerPromptTokens(this.metrics, 'prefill');
    registerPlanOutcomes(this.metrics);
    registerBlockRejects(this.metrics);
    exportInstanceLoad(this.metrics, this.readiness, 'prefill', this.engine, () => {
      const load = this.worker.load();
      return { queueDepth: load.queuedRequests, batchSize: load.computingRequests, activeSequences: load.activeRequests };
    });
  }
}
