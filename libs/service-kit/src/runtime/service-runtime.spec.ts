import perfHooks from 'node:perf_hooks';
import { createServiceRuntime } from './service-runtime';

describe('createServiceRuntime', () => {
  it('collects the default process metrics without the gauges named like counters', async () => {
    const text = await createServiceRuntime({ service: 'test' }).registry.metrics();
    expect(text).toContain('# TYPE nodejs_active_handles gauge');
    expect(text).toContain('# TYPE process_cpu_seconds_total counter');
    expect(text).not.toMatch(/^# TYPE \S+_total (gauge|histogram|summary)$/m);
  });

  it('samples the event loop every 100 ms, not every 10 ms: each sample wakes an idle process', () => {
    const monitor = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    try {
      createServiceRuntime({ service: 'test' });
      expect(monitor).toHaveBeenCalledWith({ resolution: 100 });
    } finally {
      monitor.mockRestore();
    }
  });

  it('collects none when told not to', async () => {
    expect(await createServiceRuntime({ service: 'test', defaultMetrics: false }).registry.metrics()).toMatch(/^\s*$/);
  });
});
