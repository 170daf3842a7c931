import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does to the bytes a server sends back, counted per connection from its first
 * byte. What the client sends passes unchanged, except through a throttle, which slows both ways.
 */
export type ChaosFault =
  /** Forward everything. */
  | { readonly kind: 'none' }
  /** Hold each chunk `latencyMs` before forwarding it, in order. */
  | { readonly kind: 'latency'; readonly latencyMs: number }
  /** Forward `afterBytes`, then reset both sides (RST, as a crashed host or a middlebox does). */
  | { readonly kind: 'reset'; readonly afterBytes: number }
  /** Forward `afterBytes`, then close both sides cleanly (FIN), as a server that stopped mid-answer. */
  | { readonly kind: 'truncate'; readonly afterBytes: number }
  /** Flip the lowest bit of the byte at `atByte`, as a NIC, cable or kernel that damages data in flight. */
  | { readonly kind: 'flip'; readonly atByte: number }
  /** Forward each way at most `bytesPerSecond`, in order: a slow link that keeps moving. */
  | { readonly kind: 'throttle'; readonly bytesPerSecond: number };


/** Where a proxy listens: a loopback address other than 127.0.0.1 lets it stand in for a service's advertised address. */
export interface ChaosListen {
  readonly host: string;
  readonly port: number;
}

/**
 * A loopback TCP proxy for tests that need a link which misbehaves. A fault applies to
 * connections accepted after it is set; `faultedConnections` counts those a fault fired on.
 */
export class ChaosProxy {
  private fault: ChaosFault = { kind: 'none' };
  faultedConnections = 0;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.bridge(client, this.fault));
  }

  /** Listens on a free loopback port and forwards to `targetHost:targetPort`. */
  static async start(targetPort: number, fault: ChaosFault = { kind: 'none' }, listen: ChaosListen = { host: '127.0.0.1', port: 0 }): Promise<ChaosProxy> {
    const proxy = new ChaosProxy('127.0.0.1', targetPort);
    proxy.fault = fault;
    await new Promise<void>((resolve) => proxy.server.listen(listen.port, listen.host, resolve));
    return proxy;
  }

  /** Applies `fault` from now on: open connections are dropped, so every connection after this one has it. */
  setFault(fault: ChaosFault): void {
    this.fault = fault;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Where clients connect. */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    for (const timer of this.timers) clearTimeout(timer);
    return closed;
  }

  private bridge(client: Socket, fault: ChaosFault): void {
    const upstream = connect({ host: this.targetHost, port: this.targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    const [up, down] = [{ freeAtMs: 0 }, { freeAtMs: 0 }];
    client.on('data', (chunk: Buffer) => (fault.kind === 'throttle' ? this.paced(client, upstream, fault.bytesPerSecond, chunk, up) : upstream.write(chunk)));
    client.on('end', () => upstream.end());
    // After a delayed chunk, not before it.
    upstream.on('end', () => (fault.kind === 'latency' ? this.later(fault.latencyMs, () => client.end()) : client.end()));
    let seen = 0;
    upstream.on('data', (chunk: Buffer) => {
      const from = seen;
      seen += chunk.length;
      this.downstream(client, upstream, fault, chunk, from, down);
    });
  }

  /** Applies `fault` to `chunk`, the server's bytes from offset `from` of this connection on. */
  private downstream(client: Socket, upstream: Socket, fault: ChaosFault, chunk: Buffer, from: number, link: { freeAtMs: number }): void {
    switch (fault.kind) {
      case 'none':
        client.write(chunk);
        return;
      case 'latency':
        this.later(fault.latencyMs, () => client.writable && client.write(chunk));
        return;
      case 'throttle':
        this.paced(upstream, client, fault.bytesPerSecond, chunk, link);
        return;
      case 'flip': {
        const at = fault.atByte - from;
        if (at >= 0 && at < chunk.length) {
          chunk[at] = (chunk[at] as number) ^ 0x01;
          this.faultedConnections++;
        }
        client.write(chunk);
        return;
      }
      case 'reset':
      case 'truncate': {
        const cut = fault.afterBytes - from;
        if (cut < 0) return;
        if (cut >= chunk.length) {
          client.write(chunk);
          return;
        }
        this.faultedConnections++;
        upstream.pause();
        client.write(chunk.subarray(0, cut));
        // A truncated connection ends like a clean close; the server's side goes once the client has closed.
        if (fault.kind === 'truncate') client.end();
        else client.write(Buffer.alloc(0), () => {
          client.resetAndDestroy();
          upstream.resetAndDestroy();
        });
      }
    }
  }

  /**
   * Forwards `chunk` from `from` to `to` once the bytes before it have had their time at
   * `bytesPerSecond`, holding `from` meanwhile; `link` keeps that time for one direction.
   */
  private paced(from: Socket, to: Socket, bytesPerSecond: number, chunk: Buffer, link: { freeAtMs: number }): void {
    const nowMs = Date.now();
    const sendAtMs = Math.max(nowMs, link.freeAtMs);
    link.freeAtMs = sendAtMs + (chunk.length * 1000) / bytesPerSecond;
    from.pause();
    this.later(link.freeAtMs - nowMs, () => {
      if (to.writable) to.write(chunk);
      from.resume();
    });
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }
}
