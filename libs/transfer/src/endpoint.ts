/**
 * A node's shared segment: a directory on a RAM-backed filesystem (e.g. under /dev/shm) where it
 * publishes the blocks it holds, readable by processes on the same host without a socket.
 */
export interface SharedSegmentAddress {
  /** Names the host; a reader uses the segment only when its own host id is the same. */
  readonly hostId: string;
  readonly dir: string;
}

/**
 * Where a kvpool node serves block data. The tcp transport dials `host:port`; the local
 * transport looks `nodeId` up in its registry and ignores the address; the same-host transport
 * reads from `sharedSegment` when the node advertises one on the reader's host.
 */
export interface Endpoint {
  readonly nodeId: string;
  readonly host: string;
  readonly port: number;
  readonly sharedSegment?: SharedSegmentAddress;
}

/** One pool of connections per address: two node ids on one address share it. */
export function endpointAddress(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
