import { benchOption } from '../lib/bench-option';

/** What every block-serving child of the transfer bench holds: `count` blocks of `payloadBytes` (`benchBlocks`). */
export const BLOCK_SERVER_OPTIONS = {
  payloadBytes: benchOption.whole({ doc: 'Payload bytes of each block', required: true }),
  count: benchOption.whole({ doc: 'How many blocks the child holds', required: true }),
} as const;

/** The command line a block-serving child reads with BLOCK_SERVER_OPTIONS. */
export function blockServerArgv(payloadBytes: number, count: number): string[] {
  return ['--payload-bytes', String(payloadBytes), '--count', String(count)];
}
