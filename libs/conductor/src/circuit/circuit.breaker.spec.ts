import { CircuitBreaker } from './circuit.breaker';
import { type CallOutcome, type CircuitOptions, type CircuitReason, type CircuitState } from './circuit.options';

const options: CircuitOptions = { windowMs: 1000, errorRate: 0.5, minCalls: 4, consecutiveTimeouts: 2, coolDownMs: 500 };

/** One step of a breaker's life: a call's outcome, time passing, a cool-down checked, or a call asking through. */
type Step = CallOutcome | { wait: number } | 'advance' | 'pass';

/** Runs `steps` on a fresh breaker; returns its state and the reasons of every transition. */
function run(steps: readonly Step[]): { state: CircuitState; reasons: CircuitReason[]; passed: boolean[] } {
  let nowMs = 0;
  const breaker = new CircuitBreaker(options, () => nowMs);
  const reasons: CircuitReason[] = [];
  const passed: boolean[] = [];
  for (const step of steps) {
    if (typeof step === 'object') nowMs += step.wait;
    else if (step === 'pass') passed.push(breaker.tryPass());
    else {
      const transition = step === 'advance' ? breaker.advance() : breaker.record(step);
      if (transition) reasons.push(transition.reason);
    }
  }
  return { state: breaker.state, reasons, passed };
}

const open: Step[] = ['timeout', 'timeout'];

describe('CircuitBreaker', () => {
  it.each<[string, Step[], CircuitState, CircuitReason[]]>([
    ['stays closed on successes', ['success', 'success', 'success', 'success', 'success'], 'closed', []],
    ['stays closed below the minimum of calls, every one failed', ['error', 'error', 'error'], 'closed', []],
    ['opens at the error rate once the minimum of calls is reached', ['success', 'error', 'success', 'error'], 'open', ['error-rate']],
    ['stays closed under the error rate', ['success', 'success', 'success', 'error', 'success'], 'closed', []],
    ['forgets failures that slid out of the window', ['error', 'error', { wait: 1500 }, 'success', 'success', 'error', 'success'], 'closed', []],
    ['opens on timeouts in a row', ['success', 'timeout', 'timeout'], 'open', ['timeouts']],
    ['a success between timeouts breaks the row', ['timeout', 'success', 'success', 'success', 'timeout', 'success'], 'closed', []],
    ['an error between timeouts does not break the row', ['timeout', 'error', 'timeout'], 'open', ['timeouts']],
    ['open, ignores outcomes', [...open, 'success', 'success', 'success'], 'open', ['timeouts']],
    ['open, waits out its cool-down', [...open, { wait: 499 }, 'advance'], 'open', ['timeouts']],
    ['half-open once the cool-down has passed', [...open, { wait: 500 }, 'advance'], 'half-open', ['timeouts', 'cool-down']],
    ['half-open, closes on a success', [...open, { wait: 500 }, 'advance', 'success'], 'closed', ['timeouts', 'cool-down', 'trial-succeeded']],
    ['half-open, opens again on a timeout', [...open, { wait: 500 }, 'advance', 'timeout'], 'open', ['timeouts', 'cool-down', 'trial-failed']],
    ['half-open, opens again on an error', [...open, { wait: 500 }, 'advance', 'error'], 'open', ['timeouts', 'cool-down', 'trial-failed']],
    ['opened again, waits a whole cool-down anew', [...open, { wait: 500 }, 'advance', 'error', { wait: 499 }, 'advance'], 'open', ['timeouts', 'cool-down', 'trial-failed']],
    ['closed again, counts from an empty window', [...open, { wait: 500 }, 'advance', 'success', 'error', 'error', 'timeout'], 'closed', ['timeouts', 'cool-down', 'trial-succeeded']],
  ])('%s', (_name, steps, state, reasons) => {
    expect(run(steps)).toMatchObject({ state, reasons });
  });

  it.each<[string, Step[], boolean[]]>([
    ['closed, lets every call through', ['pass', 'pass'], [true, true]],
    ['open, lets none through, cool-down passed or not until it is advanced', [...open, 'pass', { wait: 500 }, 'pass'], [false, false]],
    ['half-open, lets one trial through', [...open, { wait: 500 }, 'advance', 'pass', 'pass'], [true, false]],
    ['half-open again, lets a new trial through', [...open, { wait: 500 }, 'advance', 'pass', 'error', { wait: 500 }, 'advance', 'pass'], [true, true]],
  ])('%s', (_name, steps, passed) => {
    expect(run(steps).passed).toEqual(passed);
  });
});
