import { type FollowableIndex, followIndex } from './index.follow';
import { type ResumeCursor, SSE_KEEPALIVE, sseEvent, sseSnapshot } from './index-event.sse';

/** Where a stream's text goes: an HTTP response once its headers are sent. */
export interface TextStream {
  write(text: string): void;
  end(): void;
  /** Bytes written and not yet taken by the client (a socket's `writableLength`). */
  backlogBytes(): number;
}

/**
 * A subscriber this far behind on live events is cut off rather than buffered for without end:
 * it resumes from its last id, or from a snapshot once the log has moved past it. A snapshot
 * may be larger; it is written whole.
 */
export const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;

/**
 * Serves one subscriber its index stream as server-sent events: snapshot pages or catch-up
 * events, then live ones, with a keep-alive comment at every `keepAlive` beat (the caller's timer,
 * which it stops through the returned stop). The stream ends when the follow does (a gap, a reset)
 * or when the client falls `maxBacklogBytes` behind: it resumes from its last id. Returns the
 * stop, for when the client goes away.
 */
export function serveIndexStream(
  out: TextStream,
  index: FollowableIndex,
  cursor: ResumeCursor | undefined,
  keepAlive: (beat: () => void) => () => void,
  maxBacklogBytes = MAX_BACKLOG_BYTES,
): () => void {
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
    event: (epoch, event) => {
      out.write(sseEvent(epoch, event));
      if (out.backlogBytes() <= maxBacklogBytes) return;
      stop();
      out.end();
    },
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
