import { type DecodeEvent, type DecodeEvent__Output } from '../generated/tsukimi/v1/DecodeEvent';
import { type DecodeRequest, type DecodeRequest__Output } from '../generated/tsukimi/v1/DecodeRequest';
import { type PrefillEvent, type PrefillEvent__Output } from '../generated/tsukimi/v1/PrefillEvent';
import { type PrefillRequest, type PrefillRequest__Output } from '../generated/tsukimi/v1/PrefillRequest';
import { tsukimiProto } from '../proto.loader';
import { readDecodeEvent } from './decode-event.reader';

/**
 * A server-streaming call's messages as bytes, for the relay that carries its streams beside
 * gRPC: the same protobuf encoding and the same defaults gRPC gives them, so both paths map
 * requests and events alike.
 */
export interface RelayCodec<Request, RequestOut, Event, EventOut> {
  encodeRequest(request: Request): Buffer;
  decodeRequest(bytes: Buffer): RequestOut;
  encodeEvent(event: Event): Buffer;
  decodeEvent(bytes: Buffer): EventOut;
}

export type DecodeRelayCodec = RelayCodec<DecodeRequest, DecodeRequest__Output, DecodeEvent, DecodeEvent__Output>;
export type PrefillRelayCodec = RelayCodec<PrefillRequest, PrefillRequest__Output, PrefillEvent, PrefillEvent__Output>;

interface StreamMethod<Request, RequestOut, Event, EventOut> {
  requestSerialize(request: Request): Buffer;
  requestDeserialize(bytes: Buffer): RequestOut;
  responseSerialize(event: Event): Buffer;
  responseDeserialize(bytes: Buffer): EventOut;
}

function codecOf<Request, RequestOut, Event, EventOut>(method: StreamMethod<Request, RequestOut, Event, EventOut>): RelayCodec<Request, RequestOut, Event, EventOut> {
  return {
    encodeRequest: (request) => method.requestSerialize(request),
    decodeRequest: (bytes) => method.requestDeserialize(bytes),
    encodeEvent: (event) => method.responseSerialize(event),
    decodeEvent: (bytes) => method.responseDeserialize(bytes),
  };
}

let decodeCodec: DecodeRelayCodec | undefined;
let prefillCodec: PrefillRelayCodec | undefined;

/** The `Decode` call's messages, for the token relay; its events, one a token batch, read in one pass (`readDecodeEvent`). */
export function decodeRelayCodec(): DecodeRelayCodec {
  decodeCodec ??= { ...codecOf(tsukimiProto().tsukimi.v1.Decode.service.Decode), decodeEvent: readDecodeEvent };
  return decodeCodec;
}

/** The `Prefill` call's messages, for the prefill relay. */
export function prefillRelayCodec(): PrefillRelayCodec {
  prefillCodec ??= codecOf(tsukimiProto().tsukimi.v1.Prefill.service.Prefill);
  return prefillCodec;
}
