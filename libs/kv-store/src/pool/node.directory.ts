import { type NodeId } from '../common/node-id';
import { type DataAddress } from './master-link.port';

/** Where each member serves block bytes, learned from heartbeats, so replies name replicas clients can dial. */
export class NodeDirectory {
  private readonly addresses = new Map<NodeId, DataAddress>();

  register(nodeId: NodeId, address: DataAddress | undefined): void {
    if (address === undefined) this.addresses.delete(nodeId);
    else this.addresses.set(nodeId, address);
  }

  forget(nodeId: NodeId): void {
    this.addresses.delete(nodeId);
  }

  addressOf(nodeId: NodeId): DataAddress | undefined {
    return this.addresses.get(nodeId);
  }
}
