import { type ServerWritableStream, status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { type IndexEvent, type PoolCoordinator } from '@tsukimi/kv-store';
import { type IndexEventMessage, type IndexUpdate, type SubscribeRequest__Output } from '@tsukimi/proto';
import { abortSignalOf, TurnBatcher } from '@tsukimi/service-kit';
import { COORDINATOR } from './kvpool.tokens';

/** Replicas per snapshot page: well under gRPC's default 4 MiB message limit. */
const SNAPSHOT_PAGE_REPLICAS = 20_000;
/** Events per batch to a subscriber that asked for batches (a catch-up may hold many): half a page's replicas, since an event carries its id and kind besides. */
const EVENTS_PER_BATCH = 10_000;

/**
 * The KvPoolIndex service: a subscriber gets the events after the id it names, or, when it names
 * none or the log cannot serve them (another epoch, expired), a snapshot in pages first. Live
 * events are buffered from before the snapshot is taken, so none falls between the two. A
 * subscriber that asks for batches gets the events of one turn of the event loop in one message.
 */
@Injectable()
export class KvPoolIndexGrpcHandlers {
  constructor(@Inject(COORDINATOR) private readonly pool: PoolCoordinator) {}

  handlers() {
    return { subscribe: this.subscribe.bind(this) };
  }

  async subscribe(call: ServerWritableStream<SubscribeRequest__Output, IndexUpdate>): Promise<void> {
    const signal = abortSignalOf(call);
    let buffered: IndexEvent[] | undefined = [];
    let lastSentId = 0;
    /** The log the subscriber follows. */
    let epoch = call.request.epoch;
    /** Set once the buffered events are sent: from then on, events come in the log's order. */
    let live = false;
    let checking = false;
    const batches = call.request.batched
      ? new TurnBatcher<IndexEventMessage>((events) => {
          if (!call.writableEnded) call.write({ events: { events } });
        }, EVENTS_PER_BATCH)
      : undefined;
    const send = (event: IndexEvent) => {
      if (event.id <= lastSentId) {
        if (live && !checking) {
          checking = true;
          void this.logRestarted(epoch, lastSentId).then((restarted) => {
            checking = false;
            if (!restarted || call.writableEnded) return;
            unsubscribe();
            call.end();
          });
        }
        return;
      }
      lastSentId = event.id;
      const message = { id: event.id, kind: event.kind, key: event.key, nodeId: event.nodeId, tier: event.tier };
      if (batches) batches.add(message);
      else call.write({ event: message });
    };
    const unsubscribe = this.pool.master.subscribe((event) => (buffered ? buffered.push(event) : send(event)));
    signal.addEventListener('abort', unsubscribe, { once: true });
    call.on('error', unsubscribe);

    const request = call.request;
    const caughtUp = request.epoch === '' ? undefined : await this.pool.master.since(request.epoch, Number(request.afterId));
    if (caughtUp?.ok) {
      lastSentId = Number(request.afterId);
      for (const event of caughtUp.value.events) send(event);
    } else {
      const snapshot = await this.pool.master.snapshot();
      epoch = snapshot.epoch;
      const pages = Math.max(1, Math.ceil(snapshot.replicas.length / SNAPSHOT_PAGE_REPLICAS));
      for (let page = 0; page < pages; page++) {
        const replicas = snapshot.replicas.slice(page * SNAPSHOT_PAGE_REPLICAS, (page + 1) * SNAPSHOT_PAGE_REPLICAS);
        call.write({ snapshot: { epoch: snapshot.epoch, lastEventId: snapshot.lastEventId, replicas: replicas.map((r) => ({ key: r.key, nodeId: r.nodeId, tier: r.tier })), lastPage: page === pages - 1 } });
      }
      lastSentId = snapshot.lastEventId;
    }
    const pending = buffered;
    buffered = undefined;
    for (const event of pending) send(event);
    live = true;
    if (signal.aborted) call.emit('error', { code: status.CANCELLED, details: 'subscriber went away' });
  }

  /**
   * Whether the log no longer reaches `afterId` in `epoch`. A live event numbered at or below the
   * last one sent is a duplicate, or the first of a log that started over (its metadata store
   * came back empty): then the subscriber follows a log that is gone, so its stream is ended and
   * it subscribes again, getting a snapshot of the new log. A failed look is no answer.
   */
  private async logRestarted(epoch: string, afterId: number): Promise<boolean> {
    const caughtUp = await this.pool.master.since(epoch, afterId, 1).catch(() => undefined);
    return caughtUp !== undefined && !caughtUp.ok;
  }
}
