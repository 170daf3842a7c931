import { type ChannelOptions, type Client, type ClientOptions, credentials } from '@grpc/grpc-js';
import { type DecodeClient, type PrefillClient, tsukimiProto } from '@tsukimi/proto';
import { type InstanceId } from '@tsukimi/scheduler';
import { serviceClientOptions, type ServiceTokens } from '@tsukimi/service-kit';
import { RelayClient } from '@tsukimi/transfer';
import { DrainingClient } from './draining-client';

/** A model card carries a whole vocabulary: tens of megabytes for the largest. */
const CHANNEL_OPTIONS: ChannelOptions = { 'grpc.max_receive_message_length': 256 * 1024 * 1024 };

type Clients<C extends Client> = Map<InstanceId, DrainingClient<C>>;

/**
 * One gRPC client per instance, created on first use. When an instance leaves (`release`), its
 * clients take no new calls and close once the calls they have in flight have ended; every
 * call has a deadline or an idle timeout, so that is bounded. Calls are let finish rather than
 * cancelled because a pod that went unready or terminating still serves what it started, and
 * the registry keeps such requests' bookkeeping until they end. A client asked for after its
 * instance left is handed out closed: its calls fail at once as UNAVAILABLE, which callers
 * already treat as an instance gone, so a stale address never gets a channel that nothing closes.
 */
export class InstanceClients {
  private readonly prefill: Clients<PrefillClient> = new Map();
  private readonly decode: Clients<DecodeClient> = new Map();
  /** Every client not closed yet, the draining ones of departed instances included. */
  private readonly open = new Set<{ close(): void }>();
  private readonly departed = new Set<InstanceId>();
  private readonly channelOptions: ClientOptions;
  /** Instances' relay ports, as their probes report them. */
  private readonly relayPorts = new Map<InstanceId, number>();
  /** One relay connection per instance, shared by every stream to it. */
  readonly relay: RelayClient;

  /** `tokens`, when given, go with every call: instances holding tokens refuse calls without one. */
  constructor(tokens?: Pick<ServiceTokens, 'sending' | 'accepted'>) {
    this.channelOptions = serviceClientOptions(tokens, CHANNEL_OPTIONS);
    this.relay = new RelayClient(tokens ? { secrets: tokens } : {});
  }

  /** A probe of the instance reported its relay port (0: it serves gRPC only). */
  noteRelayPort(id: InstanceId, port: number): void {
    if (port > 0 && !this.departed.has(id)) this.relayPorts.set(id, port);
    else this.relayPorts.delete(id);
  }

  /** Where the instance's relay listens (its gRPC host), or undefined when it reported none. */
  relayAddress(id: InstanceId): { readonly host: string; readonly port: number } | undefined {
    const port = this.relayPorts.get(id);
    if (port === undefined) return undefined;
    const colon = id.lastIndexOf(':');
    const host = colon < 0 ? id : id.slice(0, colon);
    return { host: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port };
  }

  prefillClient(id: InstanceId): PrefillClient {
    return this.clientOf(this.prefill, id, (options) => new (tsukimiProto().tsukimi.v1.Prefill)(id, credentials.createInsecure(), options));
  }

  decodeClient(id: InstanceId): DecodeClient {
    return this.clientOf(this.decode, id, (options) => new (tsukimiProto().tsukimi.v1.Decode)(id, credentials.createInsecure(), options));
  }

  /** The instance is (again) one to call: discovery found it. */
  admit(id: InstanceId): void {
    this.departed.delete(id);
  }

  /** The instance left: its clients close once their calls in flight end. */
  release(id: InstanceId): void {
    this.departed.add(id);
    this.relayPorts.delete(id);
    for (const clients of [this.prefill, this.decode]) {
      clients.get(id)?.retire();
      clients.delete(id);
    }
  }

  /** Clients whose channel is still open, those draining for departed instances included. */
  openClients(): number {
    return this.open.size;
  }

  /** Shutdown: every channel closes now, calls in flight included. */
  close(): void {
    for (const client of [...this.open]) client.close();
    this.relay.close();
  }

  private clientOf<C extends Client>(clients: Clients<C>, id: InstanceId, make: (options: ChannelOptions) => C): C {
    const existing = clients.get(id);
    if (existing) return existing.client;
    const created: DrainingClient<C> = new DrainingClient(make, this.channelOptions, () => this.open.delete(created));
    this.open.add(created);
    if (this.departed.has(id)) created.retire();
    else clients.set(id, created);
    return created.client;
  }
}
