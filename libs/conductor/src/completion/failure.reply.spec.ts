import { failureReply } from './failure.reply';

const prefillFailed = { kind: 'prefill-failed' as const, message: '14 UNAVAILABLE: connect ECONNREFUSED 10.1.2.3:50051' };

describe('failureReply', () => {
  it('tells a caller allowed to see routing what the prefill instance said', () => {
    const reply = failureReply(prefillFailed, 'r1', true);
    expect(reply.status).toBe(503);
    expect(reply.body.error.message).toBe('prefill failed: 14 UNAVAILABLE: connect ECONNREFUSED 10.1.2.3:50051');
    expect(reply.headers).toMatchObject({ 'retry-after': '1' });
  });

  it('tells any other caller only the request id, never an address or the instance\'s words', () => {
    const reply = failureReply(prefillFailed, 'r1', false);
    expect(reply.status).toBe(503);
    expect(reply.body.error.message).toBe('prefill failed on an instance (request r1)');
    expect(JSON.stringify(reply)).not.toContain('10.1.2.3');
  });

  it('answers a failed decode with 500 and nothing of the instance, whoever asks', () => {
    for (const seeRouting of [true, false]) {
      const reply = failureReply({ kind: 'decode-failed', message: 'stream reset by 10.1.2.3', tokensSent: 3 }, 'r2', seeRouting);
      expect(reply.status).toBe(500);
      expect(JSON.stringify(reply)).not.toContain('10.1.2.3');
    }
  });
});
