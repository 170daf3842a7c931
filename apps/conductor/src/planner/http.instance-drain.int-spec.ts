import { Module } from '@nestjs/common';
import { type InstanceId, instanceId } from '@tsukimi/scheduler';
import { bootstrapService, type RunningService } from '@tsukimi/service-kit';
import { RecordingLogger } from '@tsukimi/telemetry';
import { HttpInstanceDrain } from './http.instance-drain';

@Module({})
class EmptyModule {}

const TOKEN = 'planner-drain-token-0123456789abcdef';
const [served, unknown, gone] = [instanceId('10.0.0.1:50061'), instanceId('10.0.0.2:50061'), instanceId('10.0.0.3:50061')];

describe('HttpInstanceDrain', () => {
  let service: RunningService;
  let handovers = 0;

  beforeAll(async () => {
    service = await bootstrapService({
      service: 'victim',
      module: EmptyModule,
      config: { host: '127.0.0.1', httpPort: 0, grpcPort: 0, logLevel: 'error', shutdownTimeoutMs: 5_000 },
      logger: new RecordingLogger(),
      handleSignals: false,
      serviceTokens: { accepts: (presented) => presented === TOKEN },
      onDrained: async () => ((handovers += 1), { handedBlocks: 7, handedBytes: 7_000 }),
    });
  });

  afterAll(async () => {
    await service.close('test');
  });

  it('drains each victim through its admin route with the service token, and logs those it could not drain without failing', async () => {
    const logger = new RecordingLogger();
    const addresses = new Map<InstanceId, string>([[served, `127.0.0.1:${service.httpPort}`], [gone, '127.0.0.1:1']]);
    const drains = new HttpInstanceDrain({ httpAddressOf: (id) => addresses.get(id), tokens: { sending: () => TOKEN }, timeoutMs: 10_000, logger });
    await drains.drainAll('prefill', [served, unknown, gone]);

    expect(service.runtime.lifecycle.state).toBe('draining');
    expect(handovers).toBe(1);
    expect(logger.withMessage('scale-in victim drained')).toEqual([expect.objectContaining({ fields: expect.objectContaining({ role: 'prefill', instance: served, timedOut: false, handedBlocks: 7, handedBytes: 7_000 }) })]);
    expect(logger.withMessage('scale-in victim has no known HTTP address; it drains when its Pod is stopped')).toEqual([expect.objectContaining({ fields: { role: 'prefill', instance: unknown } })]);
    expect(logger.withMessage('scale-in victim did not drain; lowering the replicas all the same')).toEqual([expect.objectContaining({ fields: expect.objectContaining({ instance: gone, failure: 'unreachable' }) })]);
  });
});
