import { circuitDecodeGateway, circuitPrefillGateway, type DecodeGateway, decodeStallTimeoutMs, type InstanceRegistry, type PrefillGateway } from '@tsukimi/conductor';
import { type ConductorConfig } from '../conductor.config';
import { GrpcDecodeGateway } from './grpc-decode.gateway';
import { GrpcPrefillGateway } from './grpc-prefill.gateway';
import { type InstanceClients } from './instance-clients';
import { RelayDecodeGateway } from './relay-decode.gateway';
import { RelayPrefillGateway } from './relay-prefill.gateway';
import { withGatewaySpans } from '../tracing/conductor.tracing';

/**
 * The pipeline's gateways to the instances (prefill calls over the instance's relay or gRPC, by
 * --prefill-stream; decode streams over the token relay or gRPC, by --decode-stream), each call's outcome counted in its instance's circuit; a decode stream that stops producing tokens fails at the stall bound. With
 * tracing on, each call is a span that the call carries to the instance.
 */
export function instanceGateways(clients: InstanceClients, config: ConductorConfig, registry: InstanceRegistry): { readonly prefill: PrefillGateway; readonly decode: DecodeGateway } {
  const stallTimeoutMs = decodeStallTimeoutMs({ ...(config.decodeStallTimeoutMs === undefined ? {} : { stallTimeoutMs: config.decodeStallTimeoutMs }), tbtSloMs: config.tbtSloMs, idleTimeoutMs: config.decodeIdleTimeoutMs });
  const grpcDecode = new GrpcDecodeGateway(clients, config.decodeIdleTimeoutMs, stallTimeoutMs);
  const grpcPrefill = new GrpcPrefillGateway(clients, config.prefillTimeoutMs);
  return withGatewaySpans({
    prefill: circuitPrefillGateway(config.prefillStream === 'relay' ? new RelayPrefillGateway(clients, grpcPrefill, config.prefillTimeoutMs) : grpcPrefill, registry.circuits),
    decode: circuitDecodeGateway(config.decodeStream === 'relay' ? new RelayDecodeGateway(clients, grpcDecode, config.decodeIdleTimeoutMs, stallTimeoutMs) : grpcDecode, registry.circuits),
  });
}
