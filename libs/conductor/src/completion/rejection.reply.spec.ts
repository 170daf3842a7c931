import { type RejectReason } from '@tsukimi/scheduler';
import { rejectionReply } from './rejection.reply';

const rejected = (reason: RejectReason, retryAfterMs: number) => ({ kind: 'rejected' as const, reason, retryAfterMs, message: `${reason} happened` });

describe('rejectionReply', () => {
  it.each<[RejectReason, number, number, string]>([
    ['no-prefill-instance', 1000, 503, 'service_unavailable'],
    ['no-decode-instance', 1000, 503, 'service_unavailable'],
    ['overloaded', 1000, 429, 'rate_limit_exceeded'],
    ['prefill-overloaded', 1000, 429, 'rate_limit_exceeded'],
    ['decode-overloaded', 1000, 429, 'rate_limit_exceeded'],
    ['tenant-over-share', 1000, 429, 'rate_limit_exceeded'],
  ])('%s (retry after %i ms) answers %i with code %s', (reason, retryAfterMs, status, code) => {
    const reply = rejectionReply(rejected(reason, retryAfterMs));
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(reply.body.error.message).toContain(`${reason} happened`);
    expect(reply.headers).toMatchObject({ 'retry-after': '1', 'x-tsukimi-reject-reason': reason });
  });

  it.each<[number, string]>([
    [0, '1'],
    [1, '1'],
    [1000, '1'],
    [1001, '2'],
    [2500, '3'],
  ])('suggests at least one whole second: %i ms becomes retry-after %s', (retryAfterMs, header) => {
    expect(rejectionReply(rejected('no-decode-instance', retryAfterMs)).headers['retry-after']).toBe(header);
    expect(rejectionReply(rejected('overloaded', retryAfterMs)).headers['retry-after']).toBe(header);
  });
});
