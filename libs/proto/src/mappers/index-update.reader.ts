import { type IndexEventMessage__Output } from '../generated/tsukimi/v1/IndexEventMessage';
import { type IndexUpdate__Output } from '../generated/tsukimi/v1/IndexUpdate';
import { type SubscribeRequest } from '../generated/tsukimi/v1/SubscribeRequest';
import { tsukimiProto } from '../proto.loader';
import { type FieldReaders, ProtoWireReader, readInto } from './proto-wire.reader';

const EVENT: FieldReaders<IndexEventMessage__Output> = {
  1: (t, r) => void (t.id = r.uint64()),
  2: (t, r) => void (t.kind = r.string()),
  3: (t, r) => void (t.key = r.string()),
  4: (t, r) => void (t.nodeId = r.string()),
  5: (t, r) => void (t.tier = r.string()),
};

const readEvent = (reader: ProtoWireReader): IndexEventMessage__Output => readInto(reader, { id: 0, kind: '', key: '', nodeId: '', tier: '' }, EVENT);

const BATCH: FieldReaders<{ events: IndexEventMessage__Output[] }> = {
  1: (t, r) => void t.events.push(readEvent(r.message())),
};

/** One of the oneof's members: the last one on the wire wins, as in protobufjs (a snapshot, field 1, is the loader's). */
const UPDATE: FieldReaders<{ update: IndexUpdate__Output }> = {
  2: (t, r) => void (t.update = { event: readEvent(r.message()), update: 'event' }),
  3: (t, r) => void (t.update = { events: readInto(r.message(), { events: [] }, BATCH), update: 'events' }),
};

/**
 * `IndexUpdate` from its bytes in one pass, equal (deeply, defaults included) to what the loader's
 * `responseDeserialize` gives, for the live events of the pool's index stream: the master sends a
 * message for every put's blocks, and the loader builds each one twice (a protobufjs message,
 * then its plain copy). A snapshot page (read once per subscription) is left to `loader`, whole.
 * Field numbers are kvpool.proto's; `index-update.reader.spec` holds them to the loader.
 */
export function readIndexUpdate(bytes: Buffer, loader: (bytes: Buffer) => IndexUpdate__Output): IndexUpdate__Output {
  const reader = new ProtoWireReader(bytes);
  const target: { update: IndexUpdate__Output } = { update: {} };
  while (!reader.done) {
    const tag = reader.tag();
    // A snapshot anywhere in the message: the loader decodes all of it, so no field is read twice.
    if (tag >>> 3 === 1) return loader(bytes);
    const field = UPDATE[tag >>> 3];
    if (field) field(target, reader);
    else reader.skip(tag);
  }
  return target.update;
}

/** The index stream's `Subscribe` method as the loader defines it, its updates read by `readIndexUpdate`. */
export interface IndexSubscribeMethod {
  readonly path: string;
  requestSerialize(request: SubscribeRequest): Buffer;
  responseDeserialize(bytes: Buffer): IndexUpdate__Output;
}

let subscribeMethod: IndexSubscribeMethod | undefined;

/** `Subscribe` for `Client.makeServerStreamRequest`: the stub's own call, but each update read in one pass. */
export function indexSubscribeMethod(): IndexSubscribeMethod {
  if (subscribeMethod) return subscribeMethod;
  const loaded = tsukimiProto().tsukimi.v1.KvPoolIndex.service.Subscribe;
  const loader = (bytes: Buffer) => loaded.responseDeserialize(bytes);
  subscribeMethod = { path: loaded.path, requestSerialize: (request) => loaded.requestSerialize(request), responseDeserialize: (bytes) => readIndexUpdate(bytes, loader) };
  return subscribeMethod;
}
