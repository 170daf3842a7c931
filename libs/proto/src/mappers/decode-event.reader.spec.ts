import { type DecodeEvent } from '../generated/tsukimi/v1/DecodeEvent';
import { tsukimiProto } from '../proto.loader';
import { readDecodeEvent } from './decode-event.reader';

/** The loader's own serialisation of the `Decode` call's events: what the reader must agree with. */
const loaderCodec = () => tsukimiProto().tsukimi.v1.Decode.service.Decode;

const token = (id: number, extra: object = {}) => ({ token: id, text: String.fromCharCode(id), ...extra });

const EVENTS: readonly [string, DecodeEvent][] = [
  ['an empty event', {}],
  ['started, every field', { started: { instanceId: 'decode-0', loadedTokens: 64, computedTokens: 3, fetchedBlocks: 4, reused: { deviceTokens: 16, dramTokens: 32, ssdTokens: 16 } } }],
  ['started, no reuse', { started: { instanceId: 'd', loadedTokens: 0 } }],
  ['one token with defaults only', { token: { token: 0 } }],
  ['one token, finish reason', { token: token(10, { finishReason: 'length' }) }],
  ['a batch', { tokens: { tokens: [token(72), token(105), token(33, { finishReason: 'stop' })] } }],
  ['an empty batch', { tokens: { tokens: [] } }],
  ['logprobs, alternatives, -infinity', { tokens: { tokens: [token(65, { hasLogprob: true, logprob: -0.125, topLogprobs: [{ token: 65, logprob: -0.125 }, { token: 66, logprob: -Infinity }] })] } }],
  ['multi-byte text and large ids', { token: { token: 4_000_000_000, text: '月見 🌕', finishReason: 'stop' } }],
  ['a lone surrogate, not UTF-8', { token: { token: 200, text: '\ud800' } }],
];

describe('readDecodeEvent', () => {
  it.each(EVENTS)('%s: equal to the loader\'s decoding, defaults included', (_name, event) => {
    const bytes = loaderCodec().responseSerialize(event);
    expect(readDecodeEvent(bytes)).toStrictEqual(loaderCodec().responseDeserialize(bytes));
  });

  it('equal to the loader on seeded random batches', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let i = 0; i < 300; i++) {
      const tokens = Array.from({ length: next(6) }, () => token(next(300), next(4) === 0 ? { hasLogprob: true, logprob: -next(1000) / 7, topLogprobs: Array.from({ length: next(3) }, () => ({ token: next(300), logprob: -next(50) })) } : {}));
      const bytes = loaderCodec().responseSerialize({ tokens: { tokens } });
      expect(readDecodeEvent(bytes)).toStrictEqual(loaderCodec().responseDeserialize(bytes));
    }
  });

  it('skips fields it does not know, of every wire type, as the loader does', () => {
    const known = loaderCodec().responseSerialize({ token: token(66) });
    // Field 15 as a varint, 16 as fixed64, 17 length-delimited, 18 as fixed32, then the known field.
    const unknown = Buffer.from([0x78, 0x96, 0x01, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x01, 2, 0xaa, 0xbb, 0x95, 0x01, 1, 2, 3, 4]);
    const bytes = Buffer.concat([unknown, known]);
    expect(readDecodeEvent(bytes)).toStrictEqual(loaderCodec().responseDeserialize(bytes));
  });

  it.each([
    ['a message cut short', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['a length past the end', (b: Buffer) => Buffer.concat([b, Buffer.from([0x1a, 0x7f])])],
  ])('throws on %s, as the loader does', (_name, damage) => {
    const bytes = damage(loaderCodec().responseSerialize({ tokens: { tokens: [token(65), token(66)] } }));
    expect(() => loaderCodec().responseDeserialize(bytes)).toThrow(RangeError);
    expect(() => readDecodeEvent(bytes)).toThrow(RangeError);
  });
});
