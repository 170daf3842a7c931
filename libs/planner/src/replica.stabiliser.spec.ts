import { type ScaleProposal } from './planner.model';
import { ReplicaStabiliser } from './replica.stabiliser';
import { SPEC_BOUNDS } from './testing/planner.fixtures';

type Step = readonly [atMs: number, current: number, proposal: number, want: string];

/** Runs proposals through one stabiliser; `want` is `direction:replicas:reason`. */
function run(steps: readonly Step[], bounds = SPEC_BOUNDS): string[] {
  const stabiliser = new ReplicaStabiliser(bounds);
  return steps.map(([atMs, current, replicas]) => {
    const proposal: ScaleProposal = { replicas, reason: replicas > current ? 'ttft-queue' : replicas < current ? 'prefill-idle' : 'within-slo' };
    const d = stabiliser.decide(current, proposal, atMs);
    return `${d.direction}:${d.desiredReplicas}:${d.reason}`;
  });
}

describe('ReplicaStabiliser (up window 30 s, down window 60 s, cool-downs 10 s up / 20 s down, bounds 1..6)', () => {
  it.each<[string, Step[]]>([
    ['a scale-up waits out its window, then goes', [
      [0, 2, 3, 'hold:2:stabilising'],
      [15_000, 2, 3, 'hold:2:stabilising'],
      [30_000, 2, 3, 'up:3:ttft-queue'],
    ]],
    ['a dip within the up window holds the scale-up back until the window has passed it', [
      [0, 2, 3, 'hold:2:stabilising'],
      [20_000, 2, 2, 'hold:2:within-slo'],
      [30_000, 2, 3, 'hold:2:stabilising'],
      [50_001, 2, 3, 'up:3:ttft-queue'],
    ]],
    ['after a step up, the next needs its own window of higher proposals', [
      [0, 2, 3, 'hold:2:stabilising'],
      [30_000, 2, 3, 'up:3:ttft-queue'],
      [35_000, 3, 4, 'hold:3:stabilising'],
      [60_000, 3, 4, 'hold:3:stabilising'],
      [65_000, 3, 4, 'up:4:ttft-queue'],
    ]],
    ['a scale-down waits out the longer down window', [
      [0, 3, 2, 'hold:3:stabilising'],
      [30_000, 3, 2, 'hold:3:stabilising'],
      [60_000, 3, 2, 'down:2:prefill-idle'],
    ]],
    ['one high proposal in the down window blocks the scale-down', [
      [0, 3, 2, 'hold:3:stabilising'],
      [30_000, 3, 3, 'hold:3:within-slo'],
      [60_000, 3, 2, 'hold:3:stabilising'],
      [90_001, 3, 2, 'down:2:prefill-idle'],
    ]],
    ['bounds clamp the proposal and say so', [
      [0, 6, 7, 'hold:6:at-max'],
      [100_000, 1, 0, 'hold:1:at-min'],
    ]],
    ['a count outside the bounds comes back within them at once', [
      [0, 9, 9, 'down:6:at-max'],
    ]],
  ])('%s', (_name, steps) => {
    expect(run(steps)).toEqual(steps.map((s) => s[3]));
  });

  it('without an up window, the cool-down alone spaces the steps up', () => {
    const noWindow = { ...SPEC_BOUNDS, scaleUpWindowMs: 0 };
    expect(run([[0, 2, 3, ''], [5_000, 3, 4, ''], [9_999, 3, 4, ''], [10_000, 3, 4, '']], noWindow)).toEqual(['up:3:ttft-queue', 'hold:3:cooling-down', 'hold:3:cooling-down', 'up:4:ttft-queue']);
  });

  it('a scale-down waits for the down cool-down after a scale-up', () => {
    const noWindow = { ...SPEC_BOUNDS, scaleUpWindowMs: 0, scaleDownWindowMs: 0 };
    expect(run([[0, 2, 3, ''], [19_999, 3, 2, ''], [20_000, 3, 2, '']], noWindow)).toEqual(['up:3:ttft-queue', 'hold:3:cooling-down', 'down:2:prefill-idle']);
  });

  it('with no windows and no cool-downs it follows every proposal', () => {
    const free = { ...SPEC_BOUNDS, scaleUpWindowMs: 0, scaleDownWindowMs: 0, scaleUpCooldownMs: 0, scaleDownCooldownMs: 0 };
    expect(run([[0, 2, 3, ''], [1, 3, 2, ''], [2, 2, 2, '']], free)).toEqual(['up:3:ttft-queue', 'down:2:prefill-idle', 'hold:2:within-slo']);
  });
});
