import { type IndexUpdate } from '../generated/tsukimi/v1/IndexUpdate';
import { tsukimiProto } from '../proto.loader';
import { readIndexUpdate } from './index-update.reader';

/** The loader's own serialisation of the index stream's updates: what the reader must agree with. */
const loaderCodec = () => tsukimiProto().tsukimi.v1.KvPoolIndex.service.Subscribe;
const loaderRead = (bytes: Buffer) => loaderCodec().responseDeserialize(bytes);

const event = (id: number, extra: object = {}) => ({ id, kind: 'stored', key: `k${id.toString(16).padStart(15, '0')}`, nodeId: 'kvpool-0', tier: 'dram', ...extra });

const UPDATES: readonly [string, IndexUpdate][] = [
  ['an empty update', {}],
  ['one event', { event: event(1) }],
  ['one event with defaults only', { event: {} }],
  ['a batch of a put\'s blocks', { events: { events: [event(7), event(8), event(9), event(10, { kind: 'removed', tier: 'ssd' })] } }],
  ['an empty batch', { events: { events: [] } }],
  ['ids past 2^32 and near 2^53', { events: { events: [event(2 ** 32 + 5), event(2 ** 53 - 1), event(0)] } }],
  ['multi-byte text', { event: event(3, { nodeId: '月見-0', key: '🌕' }) }],
  ['a snapshot page, left to the loader', { snapshot: { epoch: 'e1', lastEventId: 12, replicas: [{ key: 'k1', nodeId: 'n', tier: 'dram' }], lastPage: true } }],
];

describe('readIndexUpdate', () => {
  it.each(UPDATES)('%s: equal to the loader\'s decoding, defaults included', (_name, update) => {
    const bytes = loaderCodec().responseSerialize(update);
    expect(readIndexUpdate(bytes, loaderRead)).toStrictEqual(loaderRead(bytes));
  });

  it('equal to the loader on seeded random batches', () => {
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let i = 0; i < 200; i++) {
      const events = Array.from({ length: next(9) }, () => event(next(2 ** 30) * (next(3) === 0 ? 2 ** 20 : 1), { kind: next(2) ? 'stored' : 'removed', tier: ['dram', 'ssd', 'hbm'][next(3)] }));
      const bytes = loaderCodec().responseSerialize(next(4) === 0 && events.length > 0 ? { event: events[0] } : { events: { events } });
      expect(readIndexUpdate(bytes, loaderRead)).toStrictEqual(loaderRead(bytes));
    }
  });

  it('hands a message with a snapshot to the loader, whatever comes before it', () => {
    const bytes = Buffer.concat([loaderCodec().responseSerialize({ event: event(1) }), loaderCodec().responseSerialize({ snapshot: { epoch: 'e', lastPage: false } })]);
    let handed = 0;
    const read = readIndexUpdate(bytes, (b) => (handed++, loaderRead(b)));
    expect(handed).toBe(1);
    expect(read).toStrictEqual(loaderRead(bytes));
  });

  it('skips fields it does not know, of every wire type, as the loader does', () => {
    const known = loaderCodec().responseSerialize({ events: { events: [event(66)] } });
    // Field 15 as a varint, 16 as fixed64, 17 length-delimited, 18 as fixed32, then the known field.
    const unknown = Buffer.from([0x78, 0x96, 0x01, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x01, 2, 0xaa, 0xbb, 0x95, 0x01, 1, 2, 3, 4]);
    const bytes = Buffer.concat([unknown, known]);
    expect(readIndexUpdate(bytes, loaderRead)).toStrictEqual(loaderRead(bytes));
  });

  it.each([
    ['a message cut short', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['a length past the end', (b: Buffer) => Buffer.concat([b, Buffer.from([0x1a, 0x7f])])],
  ])('throws on %s, as the loader does', (_name, damage) => {
    const bytes = damage(loaderCodec().responseSerialize({ events: { events: [event(65), event(66)] } }));
    expect(() => loaderRead(bytes)).toThrow(RangeError);
    expect(() => readIndexUpdate(bytes, loaderRead)).toThrow(RangeError);
  });
});
