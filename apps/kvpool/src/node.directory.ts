import { type Endpoint } from '@tsukimi/transfer';

/** Where each node serves block bytes, so replies name replicas clients can dial. */
export class NodeDirectory {
  private readonly endpoints = new Map<string, Endpoint>();

  register(endpoint: Endpoint): void {
    this.endpoints.set(endpoint.nodeId, endpoint);
  }

  endpointOf(nodeId: string): Endpoint | undefined {
    return this.endpoints.get(nodeId);
  }
}
