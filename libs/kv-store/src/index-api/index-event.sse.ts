import { err, ok, type Result } from '@tsukimi/result';
import { type IndexEvent, type IndexSnapshot } from '../events/index-event.model';
import { INDEX_API_VERSION, type IndexEventV1, type IndexSnapshotPageV1 } from './index-api.v1';

/** Where a subscriber has read up to: the `id` of the last event (or snapshot page) it got, `<epoch>:<event id>`. */
export interface ResumeCursor {
  readonly epoch: string;
  readonly afterId: number;
}

/** Replicas per snapshot frame: a frame stays under a megabyte. */
export const SNAPSHOT_PAGE_REPLICAS = 5_000;

export function cursorText(epoch: string, eventId: number): string {
  return `${epoch}:${eventId}`;
}

/** A `Last-Event-ID` header (or `after` query) read back; the epoch may itself hold colons, the id follows the last one. */
export function parseResumeCursor(text: string): Result<ResumeCursor, string> {
  const colon = text.lastIndexOf(':');
  const id = colon < 0 ? '' : text.slice(colon + 1);
  if (colon <= 0 || !/^\d{1,15}$/.test(id)) return err('a resume position is the id of an event received, <epoch>:<event id>');
  return ok({ epoch: text.slice(0, colon), afterId: Number(id) });
}

export function eventV1(epoch: string, event: IndexEvent): IndexEventV1 {
  return { version: INDEX_API_VERSION, epoch, id: event.id, kind: event.kind, key: event.key, tier: event.tier, node: event.nodeId };
}

/** One event as a server-sent event: its `event:` is the kind, its `id:` the position to resume after it. */
export function sseEvent(epoch: string, event: IndexEvent): string {
  return frame(cursorText(epoch, event.id), event.kind, eventV1(epoch, event));
}

/** The snapshot's pages as `snapshot` frames; only the last carries an `id:`, since a subscriber cut off mid-snapshot must start over. */
export function* sseSnapshot(snapshot: IndexSnapshot, pageReplicas = SNAPSHOT_PAGE_REPLICAS): Generator<string> {
  const pages = Math.max(1, Math.ceil(snapshot.replicas.length / pageReplicas));
  for (let page = 0; page < pages; page++) {
    const replicas = snapshot.replicas.slice(page * pageReplicas, (page + 1) * pageReplicas).map((r) => ({ key: r.key, tier: r.tier, node: r.nodeId }));
    const lastPage = page === pages - 1;
    const body: IndexSnapshotPageV1 = { version: INDEX_API_VERSION, epoch: snapshot.epoch, last_event_id: snapshot.lastEventId, replicas, last_page: lastPage };
    yield frame(lastPage ? cursorText(snapshot.epoch, snapshot.lastEventId) : undefined, 'snapshot', body);
  }
}

/** A comment line: keeps idle connections (and proxies between) open, and shows a dead client on the next write. */
export const SSE_KEEPALIVE = ': keep-alive\n\n';

function frame(id: string | undefined, event: string, data: unknown): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
