import { type ServiceError, status } from '@grpc/grpc-js';
import { type GatewayFailure } from '@tsukimi/conductor';

/** One place that turns a gRPC status into what the pipeline decides on. */
export function gatewayFailure(error: Partial<ServiceError> & { message: string }): GatewayFailure {
  const message = error.details || error.message;
  switch (error.code) {
    case status.UNAVAILABLE:
      return { kind: 'unavailable', message };
    case status.DEADLINE_EXCEEDED:
      return { kind: 'timeout', message };
    case status.INVALID_ARGUMENT:
    case status.RESOURCE_EXHAUSTED:
    case status.FAILED_PRECONDITION:
      return { kind: 'rejected', message };
    default:
      return { kind: 'failed', message };
  }
}
