/**
 * Where a kvpool node serves block data. The tcp transport dials `host:port`; the local
 * transport looks `nodeId` up in its registry and ignores the address.
 */
export interface Endpoint {
  readonly nodeId: string;
  readonly host: string;
  readonly port: number;
}

/** One pool of connections per address: two node ids on one address share it. */
export function endpointAddress(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
