import { ClusterStartError } from '../../apps/cli/src/cluster/cluster-start.error';
import { failureEnding, usageEnding } from './bench-main';

describe('how a bench ends', () => {
  it('refuses a command line in one line, exit 2', () => {
    expect(usageEnding('overload', '--requests: expected an integer >= 1, got "-3"')).toEqual({ code: 2, text: 'tsukimi bench overload: --requests: expected an integer >= 1, got "-3"\n' });
  });

  it('reports any other failure in one line without the stack unless asked, exit 1', () => {
    const error = new Error('no probed rate met both SLOs\n  for 95% of requests');
    expect(failureEnding('overload', error, false)).toEqual({ code: 1, text: 'tsukimi bench overload failed: no probed rate met both SLOs for 95% of requests (TSUKIMI_BENCH_STACK=1 prints the stack)\n' });
    const withStack = failureEnding('overload', error, true).text.split('\n');
    expect(withStack[0]).toBe('tsukimi bench overload failed: no probed rate met both SLOs for 95% of requests');
    expect(withStack[1]).toBe('Error: no probed rate met both SLOs');
    expect(withStack.slice(2).some((line) => line.includes('bench-main.spec.ts'))).toBe(true);
  });

  it('reports what is thrown that is not an Error', () => {
    expect(failureEnding('e2e', 'gone', false).text).toBe('tsukimi bench e2e failed: gone (TSUKIMI_BENCH_STACK=1 prints the stack)\n');
  });

  it('gives a cluster that did not start its reason and the last lines its service logged', () => {
    const error = new ClusterStartError('exited', 'prefill-0 exited during start-up (code 1)', { service: 'prefill-0', lastLines: ['listening', 'boom'], logFile: '/tmp/logs/prefill-0.log' });
    expect(failureEnding('e2e', error, false)).toEqual({ code: 1, text: 'tsukimi bench e2e failed: prefill-0 exited during start-up (code 1)\nlast lines of /tmp/logs/prefill-0.log:\n  listening\n  boom\n' });
    expect(failureEnding('e2e', new ClusterStartError('aborted', 'start-up interrupted'), true).text).toBe('tsukimi bench e2e failed: start-up interrupted\n');
  });
});
