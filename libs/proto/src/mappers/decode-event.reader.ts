import { type DecodeEvent__Output } from '../generated/tsukimi/v1/DecodeEvent';
import { type DecodeStarted__Output } from '../generated/tsukimi/v1/DecodeStarted';
import { type GeneratedToken__Output } from '../generated/tsukimi/v1/GeneratedToken';
import { type TokenBatch__Output } from '../generated/tsukimi/v1/TokenBatch';
import { type TokenLogprob__Output } from '../generated/tsukimi/v1/TokenLogprob';
import { type TokenReuse__Output } from '../generated/tsukimi/v1/TokenReuse';
import { type FieldReaders, ProtoWireReader, readInto } from './proto-wire.reader';

const REUSE: FieldReaders<TokenReuse__Output> = {
  1: (t, r) => void (t.deviceTokens = r.uint32()),
  2: (t, r) => void (t.dramTokens = r.uint32()),
  3: (t, r) => void (t.ssdTokens = r.uint32()),
};

const STARTED: FieldReaders<DecodeStarted__Output> = {
  1: (t, r) => void (t.instanceId = r.string()),
  2: (t, r) => void (t.loadedTokens = r.uint32()),
  3: (t, r) => void (t.computedTokens = r.uint32()),
  4: (t, r) => void (t.fetchedBlocks = r.uint32()),
  5: (t, r) => void (t.reused = readInto(r.message(), { deviceTokens: 0, dramTokens: 0, ssdTokens: 0 }, REUSE)),
};

const LOGPROB: FieldReaders<TokenLogprob__Output> = {
  1: (t, r) => void (t.token = r.uint32()),
  2: (t, r) => void (t.logprob = r.double()),
};

const TOKEN: FieldReaders<GeneratedToken__Output> = {
  1: (t, r) => void (t.token = r.uint32()),
  2: (t, r) => void (t.text = r.string()),
  3: (t, r) => void (t.finishReason = r.string()),
  4: (t, r) => void (t.hasLogprob = r.bool()),
  5: (t, r) => void (t.logprob = r.double()),
  6: (t, r) => void t.topLogprobs.push(readInto(r.message(), { token: 0, logprob: 0 }, LOGPROB)),
};

const readToken = (reader: ProtoWireReader): GeneratedToken__Output => readInto(reader, { topLogprobs: [], token: 0, text: '', finishReason: '', hasLogprob: false, logprob: 0 }, TOKEN);

const BATCH: FieldReaders<TokenBatch__Output> = {
  1: (t, r) => void t.tokens.push(readToken(r.message())),
};

/** One of the oneof's members: the last one on the wire wins, as in protobufjs. */
const EVENT: FieldReaders<{ event: DecodeEvent__Output }> = {
  1: (t, r) => void (t.event = { started: readInto(r.message(), { instanceId: '', loadedTokens: 0, computedTokens: 0, fetchedBlocks: 0, reused: null }, STARTED), event: 'started' }),
  2: (t, r) => void (t.event = { token: readToken(r.message()), event: 'token' }),
  3: (t, r) => void (t.event = { tokens: readInto(r.message(), { tokens: [] }, BATCH), event: 'tokens' }),
};

/**
 * `DecodeEvent` from its bytes in one pass, equal (deeply, defaults included) to what the
 * loader's `responseDeserialize` gives: the token relay decodes one a token batch, and the
 * loader builds each message twice (a protobufjs message, then its plain copy). Field numbers
 * are decode.proto's and common.proto's; `decode-event.reader.spec` holds them to the loader.
 */
export function readDecodeEvent(bytes: Buffer): DecodeEvent__Output {
  return readInto(new ProtoWireReader(bytes), { event: {} }, EVENT).event;
}
