import { type InstanceId } from '@tsukimi/scheduler';
import { requestDrain, type ServiceTokens } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';

export interface HttpInstanceDrainOptions {
  /** The instance's HTTP address (`ip:port`, the Pod's port named `http`), as discovery last saw it. */
  readonly httpAddressOf: (id: InstanceId) => string | undefined;
  /** Sent as the bearer credential when the cluster runs with service tokens. */
  readonly tokens?: Pick<ServiceTokens, 'sending'> | undefined;
  /** Bounds each drain: past it the replicas are lowered all the same. */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/**
 * Drains scale-in victims through their `POST /admin/drain` before the replicas are lowered, so
 * that the Pod the Deployment removes has already finished its requests and handed its blocks to
 * the pool. Several victims drain together; each drain is bounded, and one that fails or runs out
 * of time is logged and does not hold the scale-in back: its Pod's own SIGTERM drain still runs.
 */
export class HttpInstanceDrain {
  constructor(private readonly options: HttpInstanceDrainOptions) {}

  /** Resolves once every victim has drained, failed to, or run out of time. */
  async drainAll(role: string, victims: readonly InstanceId[]): Promise<void> {
    await Promise.all(victims.map((victim) => this.drain(role, victim)));
  }

  private async drain(role: string, instance: InstanceId): Promise<void> {
    const { logger, timeoutMs } = this.options;
    const address = this.options.httpAddressOf(instance);
    if (address === undefined) {
      logger.warn('scale-in victim has no known HTTP address; it drains when its Pod is stopped', { role, instance });
      return;
    }
    const drained = await requestDrain(`http://${address}`, { token: this.options.tokens?.sending(), timeoutMs });
    if (drained.ok) logger.info('scale-in victim drained', { role, instance, drainMs: drained.value.drainMs, timedOut: drained.value.timedOut, ...drained.value.handedOver });
    else logger.warn('scale-in victim did not drain; lowering the replicas all the same', { role, instance, failure: drained.error.kind, reason: drained.error.message, timeoutMs });
  }
}
