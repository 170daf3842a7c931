import { type FollowableIndex, followIndex } from './index.follow';
import { type ResumeCursor, SSE_KEEPALIVE, sseEvent, sseSnapshot } from './index-event.sse';

/** Where a stream's text goes: an HTTP response once its headers are sent. */
export interface TextStream {
  write(text: string): void;
  end(): void;
}

/**
 * Serves one subscriber its index stream as server-sent events: snapshot pages or catch-up
 * events, then live ones, with a keep-alive comment at every `keepAlive` beat (the caller's timer,
 * which it stops through the returned stop). The stream ends when the follow does (a gap, a reset:
 * the client resumes from its last id). Returns the stop, for when the client goes away.
 */
export function serveIndexStream(out: TextStream, index: FollowableIndex, cursor: ResumeCursor | undefined, keepAlive: (beat: () => void) => () => void): () => void {
  let stopped = false;
  let unfollow: (() => void) | undefined;
  const stopBeats = keepAlive(() => out.write(SSE_KEEPALIVE));
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stopBeats();
    unfollow?.();
  };
  followIndex(index, cursor, {
    snapshot: (snapshot) => {
      for (const frame of sseSnapshot(snapshot)) out.write(frame);
    },
    event: (epoch, event) => out.write(sseEvent(epoch, event)),
    end: () => {
      stop();
      out.end();
    },
  }).then(
    (unsubscribe) => (stopped ? unsubscribe() : (unfollow = unsubscribe)),
    () => {
      // The index could not be read (the master's store is down): the client retries.
      stop();
      out.end();
    },
  );
  return stop;
}
