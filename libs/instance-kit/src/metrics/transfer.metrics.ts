import { type Metrics } from '@tsukimi/service-kit';
import { type TransferObserver, transferErrorKinds } from '@tsukimi/transfer';

/**
 * An instance's data-plane traffic as the pool's transfer series: bytes and batch time by
 * direction (`received`: read from the pool; `sent`: written to it) and failed blocks by reason.
 * Creates the byte counters and a failure series per transport error kind at 0, so a rate over
 * them has data before the first transfer or failure.
 */
export function transferMetrics(metrics: Metrics): TransferObserver {
  for (const direction of ['sent', 'received']) metrics.get('tsukimi_kvpool_transfer_bytes_total').inc({ direction }, 0);
  for (const reason of transferErrorKinds) metrics.get('tsukimi_kvpool_transfer_errors_total').inc({ reason }, 0);
  metrics.get('tsukimi_kvpool_transfer_seconds');
  return {
    onTransfer(done) {
      metrics.get('tsukimi_kvpool_transfer_bytes_total').inc({ direction: done.direction }, done.bytes);
      metrics.get('tsukimi_kvpool_transfer_seconds').observe({ direction: done.direction }, done.seconds);
    },
    onTransferFailed(failed) {
      metrics.get('tsukimi_kvpool_transfer_errors_total').inc({ reason: failed.reason }, failed.blocks);
    },
  };
}
