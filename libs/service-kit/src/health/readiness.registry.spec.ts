import { healthy, unhealthy, type HealthResult } from '@tsukimi/telemetry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { ReadinessRegistry, type ReadinessCheck } from './readiness.registry';

function serving(): { lifecycle: ServiceLifecycle; readiness: ReadinessRegistry } {
  const lifecycle = new ServiceLifecycle();
  lifecycle.markServing();
  return { lifecycle, readiness: new ReadinessRegistry(lifecycle, 50) };
}

describe('ReadinessRegistry', () => {
  it.each<[string, ReadinessCheck, boolean, HealthResult]>([
    ['an up result', () => healthy(), true, { status: 'up' }],
    ['an async up result', async () => healthy({ blocks: 3 }), true, { status: 'up', details: { blocks: 3 } }],
    ['a down result', () => unhealthy('model not loaded'), false, { status: 'down', reason: 'model not loaded' }],
    [
      'a throw',
      () => {
        throw new Error('boom');
      },
      false,
      { status: 'down', reason: 'check failed', details: { error: 'boom' } },
    ],
    ['a rejection', () => Promise.reject(new Error('nope')), false, { status: 'down', reason: 'check failed', details: { error: 'nope' } }],
    ['a hang', () => new Promise<HealthResult>(() => {}), false, { status: 'down', reason: 'check timed out', details: { timeoutMs: 50 } }],
  ])('reports %s', async (_what, check, ready, result) => {
    const { readiness } = serving();
    readiness.register('model', check);
    expect(await readiness.evaluate()).toEqual({ ready, state: 'serving', checks: { lifecycle: { status: 'up' }, model: result } });
  });

  it.each(['starting', 'draining', 'stopped'] as const)('is not ready while %s, whatever the checks say', async (state) => {
    const lifecycle = new ServiceLifecycle();
    if (state !== 'starting') lifecycle.markServing();
    if (state !== 'starting') lifecycle.beginDrain();
    if (state === 'stopped') lifecycle.markStopped();
    const readiness = new ReadinessRegistry(lifecycle, 50);
    readiness.register('model', () => healthy());
    expect(await readiness.evaluate()).toMatchObject({ ready: false, state, checks: { lifecycle: { status: 'down', reason: state } } });
  });

  it('refuses a second check with the same name, and the reserved lifecycle name', () => {
    const { readiness } = serving();
    readiness.register('kvpool', () => healthy());
    expect(() => readiness.register('kvpool', () => healthy())).toThrow(/already registered/);
    expect(() => readiness.register('lifecycle', () => healthy())).toThrow(/already registered/);
  });

  it('forgets a check once unregistered', async () => {
    const { readiness } = serving();
    const unregister = readiness.register('kvpool', () => unhealthy('kvpool unreachable'));
    unregister();
    expect(await readiness.evaluate()).toMatchObject({ ready: true, checks: { lifecycle: { status: 'up' } } });
  });
});

describe('ServiceLifecycle', () => {
  it('aborts the drain signal once, when draining begins', () => {
    const lifecycle = new ServiceLifecycle();
    lifecycle.markServing();
    expect(lifecycle.drainSignal.aborted).toBe(false);
    expect(lifecycle.beginDrain()).toBe(true);
    expect(lifecycle.beginDrain()).toBe(false);
    expect([lifecycle.state, lifecycle.drainSignal.aborted]).toEqual(['draining', true]);
  });

  it('does not go back to serving once draining', () => {
    const lifecycle = new ServiceLifecycle();
    lifecycle.beginDrain();
    lifecycle.markServing();
    expect(lifecycle.state).toBe('draining');
  });
});
