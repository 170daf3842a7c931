import { type DecodeEvent, type DecodeEvent__Output } from '../generated/tsukimi/v1/DecodeEvent';
import { type DecodeRequest, type DecodeRequest__Output } from '../generated/tsukimi/v1/DecodeRequest';
import { tsukimiProto } from '../proto.loader';

/**
 * The `Decode` call's messages as bytes, for the token relay that carries decode streams beside
 * gRPC: the same protobuf encoding and the same defaults gRPC gives them, so both paths map
 * requests and events alike.
 */
export interface DecodeRelayCodec {
  encodeRequest(request: DecodeRequest): Buffer;
  decodeRequest(bytes: Buffer): DecodeRequest__Output;
  encodeEvent(event: DecodeEvent): Buffer;
  decodeEvent(bytes: Buffer): DecodeEvent__Output;
}

let codec: DecodeRelayCodec | undefined;

export function decodeRelayCodec(): DecodeRelayCodec {
  if (codec === undefined) {
    const method = tsukimiProto().tsukimi.v1.Decode.service.Decode;
    codec = {
      encodeRequest: (request) => method.requestSerialize(request),
      decodeRequest: (bytes) => method.requestDeserialize(bytes),
      encodeEvent: (event) => method.responseSerialize(event),
      decodeEvent: (bytes) => method.responseDeserialize(bytes),
    };
  }
  return codec;
}
