import { status } from '@grpc/grpc-js';
import { type GatewayFailure, retryDecision } from '@tsukimi/conductor';
import { gatewayFailure } from './grpc-failure';

/** Every gRPC status an instance call can end with: what the pipeline reads it as, and whether it tries another instance (first of two tries). */
describe('gatewayFailure and the retry policy over it', () => {
  it.each<[keyof typeof status, GatewayFailure['kind'], 'retry' | 'give-up']>([
    ['UNAVAILABLE', 'unavailable', 'retry'],
    ['DEADLINE_EXCEEDED', 'timeout', 'give-up'],
    ['INVALID_ARGUMENT', 'rejected', 'give-up'],
    ['RESOURCE_EXHAUSTED', 'rejected', 'give-up'],
    ['FAILED_PRECONDITION', 'rejected', 'give-up'],
    ['NOT_FOUND', 'failed', 'give-up'],
    ['INTERNAL', 'failed', 'give-up'],
    ['UNKNOWN', 'failed', 'give-up'],
    ['CANCELLED', 'failed', 'give-up'],
    ['ABORTED', 'failed', 'give-up'],
    ['UNIMPLEMENTED', 'failed', 'give-up'],
    ['PERMISSION_DENIED', 'failed', 'give-up'],
    ['UNAUTHENTICATED', 'failed', 'give-up'],
    ['DATA_LOSS', 'failed', 'give-up'],
    ['OUT_OF_RANGE', 'failed', 'give-up'],
    ['ALREADY_EXISTS', 'failed', 'give-up'],
  ])('%s is %s: %s', (name, kind, decision) => {
    const failure = gatewayFailure({ code: status[name], details: 'from the instance', message: 'call failed' });
    expect(failure).toEqual({ kind, message: 'from the instance' });
    expect(retryDecision({ failure: failure.kind, attempt: 0, attempts: 2 }).kind).toBe(decision);
  });

  it('reads the message when the status carries no details', () => {
    expect(gatewayFailure({ code: status.UNAVAILABLE, details: '', message: '14 UNAVAILABLE: connection reset' })).toEqual({ kind: 'unavailable', message: '14 UNAVAILABLE: connection reset' });
  });
});
