import { type BlockSize } from './bench-blocks';
import { transferPlan, type TransferPlan } from './transfer.plan';

export type ContenderName = 'ours' | 'raw' | 'redis';

/** One network contender for one block size, as data: what it reads, from which server, by which plan. */
export interface ContenderSetup {
  readonly name: ContenderName;
  /**
   * The benchmark child it reads from and that child's arguments (the blocks it holds:
   * `benchBlocks(payloadBytes, count)`); redis reads the one redis child, loaded with the same
   * blocks over a SET per block before the rounds.
   */
  readonly server: { readonly script: 'ours.server.ts' | 'raw-pump.child.ts'; readonly args: readonly [payloadBytes: number, count: number] } | { readonly script: 'redis.child.ts'; readonly loads: readonly [payloadBytes: number, count: number] };
  /** Blocks 0 to `count - 1` are read each round, as `benchKey(i)` (ours, redis) or the pump's index `i`. */
  readonly count: number;
  readonly plan: TransferPlan;
}

/**
 * The three contenders for one block size: the same blocks, read by one plan (batches, requests
 * in flight, connections, receive memory), each from its own server. transfer.contenders.spec.ts
 * compares them; transfer.plan.int-spec.ts checks that each client really keeps to the plan.
 */
export function transferContenders({ payloadBytes, count, batchKeys }: BlockSize): readonly ContenderSetup[] {
  const plan = transferPlan(payloadBytes, batchKeys);
  const blocks = [payloadBytes, count] as const;
  return [
    { name: 'ours', server: { script: 'ours.server.ts', args: blocks }, count, plan },
    { name: 'raw', server: { script: 'raw-pump.child.ts', args: blocks }, count, plan },
    { name: 'redis', server: { script: 'redis.child.ts', loads: blocks }, count, plan },
  ];
}
