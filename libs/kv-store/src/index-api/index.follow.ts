import { type IndexEvent, type IndexSnapshot } from '../events/index-event.model';
import { type IndexSource } from '../events/index-source.port';
import { type ResumeCursor } from './index-event.sse';

/** An index a subscriber can follow: its source (snapshot, catch-up reads) and its live events. */
export interface FollowableIndex extends IndexSource {
  /**
   * Live events from now on, in id order; `onReset` hears that the index started over from
   * another snapshot, after which its ids no longer follow the ones sent. Returns the unsubscribe.
   */
  subscribe(listener: (event: IndexEvent) => void, onReset?: () => void): () => void;
}

/** What a follower is sent. `end` comes at most once, and nothing after it. */
export interface FollowSink {
  snapshot(snapshot: IndexSnapshot): void;
  event(epoch: string, event: IndexEvent): void;
  /** `gap`: an event was missed; `restarted`: the log started over; `reset`: the index did. The subscriber resumes from its last id. */
  end(reason: 'gap' | 'restarted' | 'reset'): void;
}

/** Most events one catch-up read asks for; the read repeats until caught up. */
const CATCH_UP_BATCH = 10_000;

/**
 * Follows an index for one subscriber: the events after its cursor, or a snapshot when it names
 * none or the log no longer holds its place (another epoch, expired), then live events. Live
 * events are buffered from before the snapshot or catch-up read is taken, so none falls between.
 * Returns the unsubscribe, which the caller runs when the subscriber goes away.
 */
export async function followIndex(index: FollowableIndex, cursor: ResumeCursor | undefined, sink: FollowSink): Promise<() => void> {
  let buffered: IndexEvent[] | undefined = [];
  let epoch = '';
  let last = 0;
  let ended = false;
  let checking = false;
  const end = (reason: 'gap' | 'restarted' | 'reset') => {
    if (ended) return;
    ended = true;
    unsubscribe();
    sink.end(reason);
  };
  const deliver = (event: IndexEvent) => {
    if (ended) return;
    if (event.id <= last) {
      // A duplicate, or the first event of a log that started over: only the log can say which.
      if (buffered === undefined && !checking) {
        checking = true;
        void index.since(epoch, last, 1).then(
          (answer) => {
            checking = false;
            if (!answer.ok) end('restarted');
          },
          () => (checking = false),
        );
      }
      return;
    }
    if (event.id !== last + 1) return end('gap');
    last = event.id;
    sink.event(epoch, event);
  };
  const unsubscribe = index.subscribe((event) => (buffered ? buffered.push(event) : deliver(event)), () => end('reset'));

  if (cursor !== undefined) {
    epoch = cursor.epoch;
    last = cursor.afterId;
  }
  const caughtUp = cursor !== undefined && (await catchUp(index, cursor, deliver));
  if (!caughtUp && !ended) {
    const snapshot = await index.snapshot();
    epoch = snapshot.epoch;
    last = snapshot.lastEventId;
    sink.snapshot(snapshot);
  }
  const pending = buffered;
  buffered = undefined;
  for (const event of pending) deliver(event);
  return () => {
    ended = true;
    unsubscribe();
  };
}

/** Sends the events after `cursor` from the log; false when the log cannot serve them and a snapshot is needed. */
async function catchUp(index: IndexSource, cursor: ResumeCursor, send: (event: IndexEvent) => void): Promise<boolean> {
  let after = cursor.afterId;
  for (;;) {
    const batch = await index.since(cursor.epoch, after, CATCH_UP_BATCH);
    if (!batch.ok) return false;
    for (const event of batch.value.events) {
      send(event);
      after = event.id;
    }
    if (batch.value.events.length === 0 || after >= batch.value.lastEventId) return true;
  }
}
