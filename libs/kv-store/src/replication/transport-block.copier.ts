import { type BlockKey, copyBlockBytes } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type Endpoint, type Transport } from '@tsukimi/transfer';
import { verifyEncodedBlock, type BlockVerifier } from '../common/block-verifier';
import { type BlockCopier, type CopyFailure, type CopyFailureReason } from './block-copier.port';

/**
 * A copy through this process: read from a source over a transport, verify, write to the target.
 * The bytes cross the data plane twice, but no node needs a command it does not have, and a bad
 * source copy is caught here before it can spread.
 */
export class TransportBlockCopier implements BlockCopier {
  constructor(
    private readonly transport: Transport,
    private readonly verify: BlockVerifier = verifyEncodedBlock,
  ) {}

  async copy(key: BlockKey, sources: readonly Endpoint[], target: Endpoint, timeoutMs: number): Promise<Result<{ readonly sizeBytes: number }, CopyFailure>> {
    const fail = (reason: CopyFailureReason, detail: string) => err<CopyFailure>({ kind: 'copy-failed', key, reason, detail });
    let corrupt = false;
    for (const source of sources) {
      const read = await this.transport.read(source, [key], { timeoutMs });
      const outcome = read.ok ? read.value[0] : undefined;
      if (outcome?.status !== 'found') continue;
      const bytes = copyBlockBytes(outcome.bytes);
      outcome.release?.();
      if (!this.verify(key, bytes).ok) {
        corrupt = true;
        continue;
      }
      const written = await this.transport.write(target, [{ key, bytes }], { timeoutMs });
      if (!written.ok) return fail('target-unreachable', written.error.kind);
      const stored = written.value[0];
      if (stored?.status !== 'stored') return fail('target-refused', stored?.status === 'rejected' ? stored.reason : 'no answer');
      return ok({ sizeBytes: bytes.length });
    }
    return corrupt ? fail('source-corrupt', 'every copy read failed its checksum') : fail('source-missing', `no source of ${sources.length} served the block`);
  }
}
