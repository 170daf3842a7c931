import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockReadOutcome, type BlockStore, type BlockStoreReader, type BlockStoreWriter, type BlockWriteOutcome } from '../block-store.port';
import { MemoryBlockStore } from '../memory-block.store';

/**
 * A memory store whose reads of chosen keys wait until the test opens the gate, and can be told
 * to fail: how tests stage slow SSDs, hung stores and transfers caught mid-flight.
 */
export class GatedBlockStore implements BlockStore, BlockStoreReader, BlockStoreWriter {
  readonly memory = new MemoryBlockStore();
  private readonly gated = new Set<BlockKey>();
  private readonly failing = new Set<BlockKey>();
  private readonly waiters: (() => void)[] = [];
  private readonly requested = new Map<BlockKey, () => void>();
  private readonly requestedPromises = new Map<BlockKey, Promise<void>>();
  /** Blocks served and not yet released by the transport. */
  unreleased = 0;

  get reader(): BlockStoreReader {
    return this;
  }

  get writer(): BlockStoreWriter {
    return this;
  }

  /** Reads of `key` wait for `open()`. */
  hold(key: BlockKey): void {
    this.gated.add(key);
  }

  /** Reads of `key` reject, as a broken store would. */
  failReads(key: BlockKey): void {
    this.failing.add(key);
  }

  /** Lets every held read proceed, now and later. */
  open(): void {
    this.gated.clear();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once a read of `key` has reached the store. */
  whenRequested(key: BlockKey): Promise<void> {
    let promise = this.requestedPromises.get(key);
    if (promise === undefined) {
      promise = new Promise((resolve) => this.requested.set(key, resolve));
      this.requestedPromises.set(key, promise);
    }
    return promise;
  }

  put(key: BlockKey, bytes: Uint8Array): void {
    this.memory.writeBlock(key, bytes);
  }

  readBlock(key: BlockKey): BlockReadOutcome | Promise<BlockReadOutcome> {
    void this.whenRequested(key);
    this.requested.get(key)?.();
    if (this.failing.has(key)) return Promise.reject(new Error(`disk error reading ${key}`));
    if (!this.gated.has(key)) return this.tracked(this.memory.readBlock(key));
    return new Promise((resolve) => this.waiters.push(() => resolve(this.tracked(this.memory.readBlock(key)))));
  }

  writeBlock(key: BlockKey, bytes: Uint8Array): BlockWriteOutcome {
    return this.memory.writeBlock(key, bytes);
  }

  private tracked(outcome: BlockReadOutcome): BlockReadOutcome {
    if (outcome.status === 'missing') return outcome;
    this.unreleased++;
    return { ...outcome, release: () => this.unreleased-- };
  }
}
