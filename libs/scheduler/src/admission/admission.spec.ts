import { type InstanceSnapshot } from '../instance.model';
import { chooseDecode } from '../decode-choice.model';
import { SchedulingContext } from '../profile/scheduling.context';
import { Scheduler } from '../scheduler';
import { cluster, decode, prefill, request8, testProfile, testSchedulerOptions, testTbtEstimator } from '../testing/scheduler.fixtures';
import { type AdmissionName } from './admission.port';
import { defaultAdmission } from './admission.default';
import { ADMISSION_NAMES, ADMISSION_POLICIES } from './admission.registry';
import { type PriorityClass } from './priority-class.model';

const slo = { ttftMs: 200, tbtMs: 20 };

function scheduler(admission: AdmissionName): Scheduler {
  return new Scheduler(testSchedulerOptions('kvcache-centric', { maxInFlightPerInstance: 64, slo, admission: ADMISSION_POLICIES[admission]() }));
}

/** Nine requests of 100 tokens, each one token from done: 28 ms a step now, 30.4 ms with a 136-token request added. */
const finishingSoon = (id: string): InstanceSnapshot => decode(id, 9, 100, 1);

describe('decode selection under the TBT target', () => {
  const request = request8();
  const profile = testProfile('decode', 'kvcache-centric');
  const choose = (candidates: InstanceSnapshot[], horizonMs: number, tbtLimitMs: number) =>
    chooseDecode(profile, new SchedulingContext({ request, snapshot: cluster([], candidates), tbt: testTbtEstimator(), ttftLimitMs: Infinity, tbtLimitMs }).withDecodeHorizon(horizonMs), candidates);

  it('takes the least loaded of the instances that stay under the target', () => {
    // d1: 10 + 6 + 6.36 = 22.4 ms (over); d2: 16.4 ms; d3: 18.4 ms.
    const choice = choose([decode('d1', 5), decode('d3', 3), decode('d2', 2)], 0, 20);
    expect(choice).toMatchObject({ instance: { id: 'd2' }, withinSlo: true });
    expect(choice?.tbtMs).toBeCloseTo(16.36);
  });

  it('when none fits names the lowest prediction and says it is over', () => {
    const choice = choose([decode('d1', 9), decode('d2', 7)], 0, 20);
    expect(choice).toMatchObject({ instance: { id: 'd2' }, withinSlo: false });
  });
});

describe('admission', () => {
  it('lists the policies by name', () => {
    expect(ADMISSION_NAMES).toEqual(['none', 'early', 'predictive']);
  });

  it.each([
    // name, prefill queue (ms), decode batch, expected
    ['none', 500, 'busy', { kind: 'route', decodeTbtMs: expect.closeTo(30.36) }],
    ['early', 10, 'idle', { kind: 'route', estimate: { ttftMs: 146 } }],
    ['early', 100, 'idle', { kind: 'reject', reason: 'prefill-overloaded', retryAfterMs: 100 }],
    ['early', 10, 'busy', { kind: 'reject', reason: 'decode-overloaded', retryAfterMs: 100 }],
    ['predictive', 10, 'busy', { kind: 'route', decode: 'd1', decodeTbtMs: expect.closeTo(12.36) }],
    ['predictive', 100, 'busy', { kind: 'reject', reason: 'prefill-overloaded' }],
  ] as const)('%s admission, %i ms prefill queue, %s decode instance', (admission, queueMs, decodeLoad, expected) => {
    const d1 = decodeLoad === 'busy' ? finishingSoon('d1') : decode('d1');
    expect(scheduler(admission).decide(request8(), cluster([prefill('p1', queueMs)], [d1]))).toMatchObject(expected);
  });

  it.each([
    // name, prompts queued on the decode instance ahead (tokens), expected
    ['none', [100], { kind: 'local', decode: 'd1' }],
    ['early', [], { kind: 'local', decode: 'd1' }],
    ['early', [100], { kind: 'reject', reason: 'prefill-overloaded', retryAfterMs: 100 }],
    ['predictive', [], { kind: 'local', decode: 'd1' }],
    ['predictive', [40, 60], { kind: 'reject', reason: 'prefill-overloaded', retryAfterMs: 100 }],
  ] as const)('%s admission judges a request run whole on a decode instance by its TTFT there, behind prompts of %j tokens', (admission, queued, expected) => {
    // 136 prompt tokens at 1 ms each, after the prompts queued ahead: 136 ms alone, 236 ms behind 100 tokens; the target is 200 ms.
    const d1: InstanceSnapshot = { ...decode('d1'), queuedPrefills: queued.map((promptTokens) => ({ promptTokens, reusedTokens: 0 })) };
    expect(scheduler(admission).decideLocal(request8(), cluster([], [d1]))).toMatchObject(expected);
  });

  it.each([
    // The TBT target is 10 ms; a step alone takes 12.36 ms.
    ['an idle instance: nobody to slow down, the instance at its best', decode('d1'), { kind: 'route' }],
    ['one stream there', decode('d1', 1, 100, 1000), { kind: 'reject', reason: 'decode-overloaded' }],
    ['a prompt queued there', { ...decode('d1'), queuedPrefills: [{ promptTokens: 10, reusedTokens: 0 }] }, { kind: 'reject', reason: 'decode-overloaded' }],
  ] as const)('early admission over the TBT target on %s', (_name, d1, expected) => {
    const tight = new Scheduler(testSchedulerOptions('kvcache-centric', { maxInFlightPerInstance: 64, slo: { ttftMs: 10_000, tbtMs: 10 }, admission: ADMISSION_POLICIES.early() }));
    expect(tight.decide(request8(), cluster([prefill('p1')], [d1]))).toMatchObject(expected);
    expect(tight.decideLocal(request8(), cluster([], [d1]))).toMatchObject(expected.kind === 'route' ? { kind: 'local' } : expected);
  });

  it.each([
    // The TTFT target is 100 ms; the prompt alone takes 136 ms.
    ['nothing queued ahead: the instance at its best', prefill('p1'), { kind: 'route' }],
    ['a prompt queued ahead', prefill('p1', 10), { kind: 'reject', reason: 'prefill-overloaded' }],
  ] as const)('early admission over the TTFT target with %s', (_name, p1, expected) => {
    const tight = new Scheduler(testSchedulerOptions('kvcache-centric', { maxInFlightPerInstance: 64, slo: { ttftMs: 100, tbtMs: 1000 }, admission: ADMISSION_POLICIES.early() }));
    expect(tight.decide(request8(), cluster([p1], [decode('d1')]))).toMatchObject(expected);
  });

  it('predictive still rejects when the decode batch will not have drained by the end of prefill', () => {
    const longRunning = decode('d1', 9, 100, 1000);
    expect(scheduler('predictive').decide(request8(), cluster([prefill('p1', 10)], [longRunning]))).toMatchObject({ kind: 'reject', reason: 'decode-overloaded' });
  });

  it('predictive counts the requests still in prefill as joining the decode batch before this one does', () => {
    // Idle d1: 12.4 ms a step now; with the eight 10-token prompts in prefill joining first, 10 + 9 + 2.24 = 21.2 ms.
    const inPrefill = { ...prefill('p1', 80, 8), queuedPrefills: Array.from({ length: 8 }, () => ({ promptTokens: 10, reusedTokens: 0 })) };
    const decideWith = (admission: AdmissionName) =>
      new Scheduler(testSchedulerOptions('kvcache-centric', { maxInFlightPerInstance: 64, slo: { ttftMs: 10_000, tbtMs: 20 }, admission: ADMISSION_POLICIES[admission]() })).decide(request8(), cluster([inPrefill], [decode('d1')]));
    expect(decideWith('early')).toMatchObject({ kind: 'route', decodeTbtMs: expect.closeTo(12.36) });
    expect(decideWith('predictive')).toMatchObject({ kind: 'reject', reason: 'decode-overloaded' });
  });

  it.each([
    // The TBT target is 20 ms; idle d1 steps in 12.36 ms.
    [10, 'route'],
    [20, 'route'],
    [21, 'reject'],
  ] as const)('predictive holds a %i ms gap between first and second token to the TBT target: %s', (handoffGapMs, kind) => {
    const d1 = { ...decode('d1'), handoffGapMs };
    expect(scheduler('predictive').decide(request8(), cluster([prefill('p1')], [d1]))).toMatchObject(kind === 'route' ? { kind } : { kind, reason: 'decode-overloaded' });
    expect(scheduler('early').decide(request8(), cluster([prefill('p1')], [d1]))).toMatchObject({ kind: 'route' });
  });

  it.each([
    // Targets at half the SLO: 20 ms aimed at, 40 ms promised. A gap seen is held to the 40.
    [40, 'route'],
    [41, 'reject'],
  ] as const)('predictive holds a %i ms gap seen to the SLO itself, not to the headroom the targets leave: %s', (handoffGapMs, kind) => {
    const d1 = { ...decode('d1'), handoffGapMs };
    const halved = new Scheduler(testSchedulerOptions('kvcache-centric', { maxInFlightPerInstance: 64, slo: { ...slo, headroom: 0.5 }, admission: ADMISSION_POLICIES.predictive() }));
    const decision = halved.decide(request8(), cluster([prefill('p1')], [d1]));
    expect(decision).toMatchObject(kind === 'route' ? { kind } : { kind, reason: 'decode-overloaded', message: expect.stringContaining(`takes ${handoffGapMs} ms between the first token and the second, over the 40 ms target`) });
  });

  it.each([
    [undefined, true, 'predictive'],
    [undefined, false, 'none'],
    ['none', true, 'none'],
    ['early', false, 'early'],
  ] as const)('named %s with SLOs set %s runs %s', (named, slosSet, expected) => {
    expect(defaultAdmission(named, slosSet)).toBe(expected);
  });

  it('judges TTFT with any prefill policy once the scheduler has an estimator', () => {
    const s = new Scheduler({ ...testSchedulerOptions('least-loaded', { maxInFlightPerInstance: 64, slo, admission: ADMISSION_POLICIES.early() }), tbt: undefined });
    expect(s.decide(request8(), cluster([prefill('p1', 100)], [decode('d1')]))).toMatchObject({ kind: 'reject', reason: 'prefill-overloaded' });
    expect(s.decide(request8(), cluster([prefill('p1', 10)], [decode('d1', 50)]))).toMatchObject({ kind: 'route', estimate: { ttftMs: 146 } });
  });
});

describe('priority classes', () => {
  it.each([
    // Prefill queue 84 ms + 136 ms compute = 220 ms against a 200 ms target scaled 1.25 / 1 / 0.75.
    [84, 'high', 'route'],
    [84, 'normal', 'reject'],
    [84, 'low', 'reject'],
    // 180 ms: within target for high and normal, not for low (150 ms).
    [44, 'high', 'route'],
    [44, 'normal', 'route'],
    [44, 'low', 'reject'],
  ] as const)('with a %i ms queue a %s request is a %s', (queueMs, priority: PriorityClass, kind) => {
    expect(scheduler('early').decide(request8({ priority }), cluster([prefill('p1', queueMs)], [decode('d1')]))).toMatchObject({ kind });
  });

  it('scales the TBT target too, so low-priority requests leave decode headroom to others', () => {
    // d1 with 4 requests: 10 + 5 + 5.36 = 20.36 ms, over 20 ms for normal, within 25 ms for high.
    const d1 = decode('d1', 4);
    expect(scheduler('early').decide(request8({ priority: 'high' }), cluster([prefill('p1')], [d1]))).toMatchObject({ kind: 'route' });
    expect(scheduler('early').decide(request8({ priority: 'normal' }), cluster([prefill('p1')], [d1]))).toMatchObject({ kind: 'reject', reason: 'decode-overloaded' });
  });
});
