import { type GeneratedToken } from '@tsukimi/engine';
import { type TokenBatchOutput, TokenBatchWriter } from './token-batch.writer';

const token = (id: number, finishReason?: 'length' | 'stop'): GeneratedToken => ({ token: id, text: String.fromCharCode(id), ...(finishReason ? { finishReason } : {}) });

/** A stream whose buffer takes `room` messages before reporting itself full, until drained. */
class RecordingStream implements TokenBatchOutput {
  readonly messages: number[][] = [];
  ended = false;
  constructor(public room: number) {}
  write(tokens: readonly GeneratedToken[]): boolean {
    this.messages.push(tokens.map((t) => t.token));
    this.room -= 1;
    return this.room > 0;
  }
  end(): void {
    this.ended = true;
  }
}

describe('TokenBatchWriter', () => {
  it('writes a message per token while the stream keeps up, and ends after the last', () => {
    const stream = new RecordingStream(100);
    const writer = new TokenBatchWriter(stream);
    [token(1), token(2), token(3, 'length')].forEach((t) => writer.token(t));
    expect(stream.messages).toEqual([[1], [2], [3]]);
    expect(stream.ended).toBe(true);
  });

  it('gathers the tokens of a stream that reported itself full into one message once it drains', () => {
    const stream = new RecordingStream(1);
    const writer = new TokenBatchWriter(stream);
    [token(1), token(2), token(3), token(4)].forEach((t) => writer.token(t));
    expect(stream.messages).toEqual([[1]]);
    expect(writer.pendingTokens).toBe(3);
    stream.room = 100;
    writer.drained();
    expect(stream.messages).toEqual([[1], [2, 3, 4]]);
    writer.token(token(5));
    expect(stream.messages).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('writes the last token with those gathered before it, full buffer or not, and ends', () => {
    const stream = new RecordingStream(1);
    const writer = new TokenBatchWriter(stream);
    [token(1), token(2), token(3, 'stop')].forEach((t) => writer.token(t));
    expect(stream.messages).toEqual([[1], [2, 3]]);
    expect(stream.ended).toBe(true);
    writer.drained();
    expect(stream.messages).toHaveLength(2);
  });

  it('refuses a token after the last one (a bug in the batch loop)', () => {
    const writer = new TokenBatchWriter(new RecordingStream(10));
    writer.token(token(1, 'length'));
    expect(() => writer.token(token(2))).toThrow('after the last');
  });
});
