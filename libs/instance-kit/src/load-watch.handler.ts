import { type ServerWritableStream } from '@grpc/grpc-js';
import { type InstanceDescription, type WatchLoadRequest__Output } from '@tsukimi/proto';

/** Used when the subscriber names no interval. */
export const DEFAULT_WATCH_INTERVAL_MS = 1_000;
/** Bounds on the interval a subscriber may ask for: a tighter one would make the instance poll itself in a busy loop. */
const MIN_WATCH_INTERVAL_MS = 10;
const MAX_WATCH_INTERVAL_MS = 60_000;

/** The instance's description with its device tier after `epoch`/`afterId`: what Describe answers. */
export type Describe = (epoch: string, afterId: number) => InstanceDescription;

/**
 * The `WatchLoad` gRPC method: the instance's description pushed to a subscriber (the conductor)
 * instead of polled by it. The first message is the whole description; after it, every interval
 * the instance checks its own load and device tier (no I/O) and sends a description only when
 * something changed, so an idle instance sends nothing and its subscriber spends nothing. When
 * the instance starts draining it sends a last description (draining) and ends the stream: a
 * stream open forever would hold the gRPC drain to its timeout.
 */
export function loadWatchHandler(describe: Describe, drainSignal: AbortSignal): (call: ServerWritableStream<WatchLoadRequest__Output, InstanceDescription>) => void {
  return (call) => {
    const intervalMs = Math.min(MAX_WATCH_INTERVAL_MS, Math.max(MIN_WATCH_INTERVAL_MS, call.request.intervalMs || DEFAULT_WATCH_INTERVAL_MS));
    let epoch = call.request.deviceEpoch;
    let afterId = Number(call.request.deviceAfterId);
    let lastLoad = '';
    let first = true;
    const push = (): void => {
      const described = describe(epoch, afterId);
      const device = described.device;
      const load = JSON.stringify(described.load);
      const deviceChanged = !!device && (device.snapshot === true || (device.stored?.length ?? 0) > 0 || (device.removed?.length ?? 0) > 0);
      if (!first && !deviceChanged && load === lastLoad) return;
      first = false;
      lastLoad = load;
      if (device) {
        epoch = device.epoch ?? epoch;
        afterId = Number(device.lastId ?? afterId);
      }
      call.write(described);
    };
    const timer = setInterval(push, intervalMs);
    timer.unref();
    const stop = (): void => {
      clearInterval(timer);
      drainSignal.removeEventListener('abort', drained);
    };
    const drained = (): void => {
      stop();
      push();
      call.end();
    };
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
    if (drainSignal.aborted) return drained();
    drainSignal.addEventListener('abort', drained, { once: true });
    push();
  };
}
