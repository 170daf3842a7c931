import { type ClientReadableStream, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { type InstanceDescription__Output, type WatchLoadRequest } from '@tsukimi/proto';
import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { type InstanceClients } from './instance-clients';

/** What a watch brings: a description, or its end (with the failure that ended it, if any). */
export interface LoadWatchEvents {
  described(id: InstanceId, role: InstanceRole, description: InstanceDescription__Output): void;
  /** The stream ended: cleanly (the instance began draining) or with `failure`; never called for a watch `cancel`led here. */
  ended(id: InstanceId, role: InstanceRole, failure: { readonly code: status; readonly details: string } | undefined): void;
}

interface Watch {
  readonly stream: ClientReadableStream<InstanceDescription__Output>;
  /** The device-tier cursor of the last description applied from this stream. */
  cursor: { epoch: string; lastId: number };
}

/**
 * One `WatchLoad` stream per instance: the instance pushes its description when its load or
 * device tier changes, so the conductor does not poll it. An instance that does not serve the
 * method (an older build, a test double) is remembered and left to the probes.
 */
export class LoadWatches {
  private readonly watches = new Map<InstanceId, Watch>();
  private readonly unsupported = new Set<InstanceId>();
  /** When each instance's last watch ended: one is not opened again within an interval of that, so a stream that keeps ending costs no more than a probe each interval. */
  private readonly endedMs = new Map<InstanceId, number>();

  constructor(
    private readonly clients: InstanceClients,
    private readonly events: LoadWatchEvents,
    private readonly intervalMs: number,
  ) {}

  /** Whether a watch on `id` is open. */
  has(id: InstanceId): boolean {
    return this.watches.has(id);
  }

  /** Whether `id` answered the watch as unimplemented. */
  unsupportedBy(id: InstanceId): boolean {
    return this.unsupported.has(id);
  }

  /** The device-tier cursor the open watch on `id` has brought the registry to. */
  cursorOf(id: InstanceId): { readonly epoch: string; readonly lastId: number } | undefined {
    return this.watches.get(id)?.cursor;
  }

  /** Subscribes to `id` from the registry's cursor, unless a watch is open, one ended within the interval, or it cannot serve one. */
  open(id: InstanceId, role: InstanceRole, cursor: { readonly epoch: string; readonly lastId: number }): void {
    if (this.watches.has(id) || this.unsupported.has(id)) return;
    if (performance.now() - (this.endedMs.get(id) ?? -Infinity) < this.intervalMs) return;
    const client = role === 'prefill' ? this.clients.prefillClient(id) : this.clients.decodeClient(id);
    const request: WatchLoadRequest = { deviceEpoch: cursor.epoch, deviceAfterId: cursor.lastId, intervalMs: this.intervalMs };
    const stream = client.watchLoad(request, new Metadata());
    const watch: Watch = { stream, cursor: { ...cursor } };
    this.watches.set(id, watch);
    const current = () => this.watches.get(id) === watch;
    stream.on('data', (description: InstanceDescription__Output) => {
      if (!current()) return;
      this.events.described(id, role, description);
      if (current() && description.device) watch.cursor = { epoch: description.device.epoch, lastId: Number(description.device.lastId) };
    });
    stream.on('error', (error: ServiceError) => {
      if (!current()) return;
      this.watches.delete(id);
      this.endedMs.set(id, performance.now());
      if (error.code === status.UNIMPLEMENTED) return void this.unsupported.add(id);
      this.events.ended(id, role, { code: error.code ?? status.UNKNOWN, details: error.details || error.message });
    });
    stream.on('end', () => {
      if (!current()) return;
      this.watches.delete(id);
      this.endedMs.set(id, performance.now());
      this.events.ended(id, role, undefined);
    });
  }

  /** Ends the watch on `id` (its instance left, or the registry no longer follows the stream's cursor). */
  cancel(id: InstanceId): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    this.watches.delete(id);
    watch.stream.cancel();
  }

  /** Keeps only the instances in `present`: the watches of those that left end, and nothing is kept of them. */
  retain(present: ReadonlySet<InstanceId>): void {
    for (const id of new Set([...this.watches.keys(), ...this.unsupported, ...this.endedMs.keys()])) {
      if (present.has(id)) continue;
      this.cancel(id);
      this.unsupported.delete(id);
      this.endedMs.delete(id);
    }
  }

  /** Every watch open, by instance. */
  watched(): readonly InstanceId[] {
    return [...this.watches.keys()];
  }

  close(): void {
    for (const id of this.watched()) this.cancel(id);
  }
}
