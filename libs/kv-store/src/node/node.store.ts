import { type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { verifyEncodedBlock, type BlockVerifier } from '../common/block-verifier';
import { type NodeId } from '../common/node-id';
import { SerialQueue } from '../common/serial-queue';
import { type NodeTier, type TierUsage } from '../common/tier.model';
import { type BlockTier, type TierMiss, type TierPutError, type TierPutOutcome, type TierReadMemory } from '../tier/block-tier.port';
import { type NodeCommand, type NodeCommandOutcome } from './node-command.model';
import { type InventoryItem, type TierChange } from './tier-change.model';
import { type TierObserver } from './tier-observer.port';

export interface NodeStoreOptions {
  readonly nodeId: NodeId;
  readonly dram: BlockTier;
  /** Without one, DRAM pressure refuses puts instead of demoting. */
  readonly ssd?: BlockTier;
  /** Move a block read from SSD back into DRAM (demoting colder ones to make room); true when absent. */
  readonly promoteOnHit?: boolean;
  /** Checks every block a client puts, before any tier holds it. */
  readonly verify?: BlockVerifier;
  readonly observer?: TierObserver;
  /**
   * Memory SSD hits are read into and handed back once served (`NodeHit.release`), so serving
   * from SSD allocates nothing; a promoted block is copied out of it. Fresh memory per hit when absent.
   */
  readonly ssdReadMemory?: TierReadMemory;
}

/** Memory for a tier that asks for some when no pool was given: fresh each time, nothing to hand back. */
const freshMemory: TierReadMemory = { take: (sizeBytes) => ({ bytes: Buffer.allocUnsafe(sizeBytes), release: () => undefined }) };

export type NodePutError = { readonly kind: 'invalid-block'; readonly cause: BlockCodecError } | TierPutError;

export interface NodeHit {
  readonly bytes: Uint8Array;
  /** The tier the bytes were read from. */
  readonly tier: NodeTier;
  /** Hands lent memory back once the bytes are served (a DRAM slot, or SSD read memory); call it exactly once when present. */
  readonly release?: () => void;
}

export interface NodeUsage {
  readonly dram: TierUsage;
  readonly ssd?: TierUsage;
}

/**
 * A node's tiers together: DRAM first, SSD behind it. A node holds at most one copy of a block;
 * moves write the destination before deleting the source, so a concurrent reader that looks in
 * DRAM, then SSD, then DRAM again always finds a block that is being moved. Moves and puts run one
 * at a time; reads do not wait for them.
 */
export class NodeStore {
  private readonly moves = new SerialQueue();
  private readonly verify: BlockVerifier;

  constructor(private readonly options: NodeStoreOptions) {
    this.verify = options.verify ?? verifyEncodedBlock;
  }

  get nodeId(): NodeId {
    return this.options.nodeId;
  }

  /** Verifies and stores a block in DRAM, demoting cold blocks to SSD for room, or in SSD when DRAM cannot take it. */
  async put(key: BlockKey, bytes: Uint8Array): Promise<Result<{ outcome: TierPutOutcome; tier: NodeTier }, NodePutError>> {
    const verified = this.verify(key, bytes);
    if (!verified.ok) return err({ kind: 'invalid-block', cause: verified.error });
    return this.moves.run(async () => {
      const held = this.tierOf(key);
      if (held !== undefined) return ok({ outcome: 'exists' as const, tier: held });
      let placed = await this.options.dram.put(key, bytes);
      if (!placed.ok && placed.error.kind === 'no-space' && (await this.makeDramRoom(bytes.length))) placed = await this.options.dram.put(key, bytes);
      if (placed.ok) return this.stored(key, 'dram', bytes.length);
      const ssd = this.options.ssd;
      if (ssd === undefined) return placed;
      const inSsd = await ssd.put(key, bytes);
      return inSsd.ok ? this.stored(key, 'ssd', bytes.length) : inSsd;
    });
  }

  /** The block's bytes from whichever tier holds it; an SSD hit may promote it. A corrupt SSD block is dropped and reported. */
  async get(key: BlockKey): Promise<Result<NodeHit, TierMiss>> {
    const fromDram = await this.readDram(key);
    if (fromDram.ok) return fromDram;
    const ssd = this.options.ssd;
    if (ssd === undefined) return fromDram;
    const fromSsd = await this.readSsd(ssd, key);
    if (fromSsd.ok) {
      if (this.options.promoteOnHit ?? true) {
        // DRAM keeps what it is given, so lent memory is copied before it is promoted.
        const kept = fromSsd.value.release === undefined ? fromSsd.value.bytes : Uint8Array.from(fromSsd.value.bytes);
        await this.moves.run(() => this.promote(key, kept));
      }
      return fromSsd;
    }
    if (fromSsd.error.kind === 'corrupt') this.emit({ kind: 'removed', nodeId: this.nodeId, key, tier: 'ssd', reason: 'corrupt' });
    if (fromSsd.error.kind !== 'absent') return fromSsd;
    return this.readDram(key);
  }

  /** A DRAM hit lends the tier's own bytes: `release` must follow once they are served. */
  private async readDram(key: BlockKey): Promise<Result<NodeHit, TierMiss>> {
    const lent = await this.options.dram.read(key, this.options.ssdReadMemory ?? freshMemory);
    return lent.ok ? ok({ bytes: lent.value.bytes, tier: 'dram', release: lent.value.release }) : lent;
  }

  /** The tier holding the key now, if any. */
  tierOf(key: BlockKey): NodeTier | undefined {
    if (this.options.dram.has(key)) return 'dram';
    return this.options.ssd?.has(key) === true ? 'ssd' : undefined;
  }

  /** Drops the node's copy; false when it held none. */
  delete(key: BlockKey): Promise<boolean> {
    return this.moves.run(() => this.drop(key));
  }

  /** Carries out a master's command. */
  apply(command: NodeCommand): Promise<NodeCommandOutcome> {
    if (command.kind === 'delete') return this.delete(command.key).then((dropped) => (dropped ? 'deleted' : 'absent'));
    return this.moves.run(async () => {
      if (!this.options.dram.has(command.key)) return 'absent';
      if (await this.demote(command.key)) return 'demoted';
      await this.drop(command.key);
      return 'deleted';
    });
  }

  usage(): NodeUsage {
    const ssd = this.options.ssd?.usage();
    return ssd === undefined ? { dram: this.options.dram.usage() } : { dram: this.options.dram.usage(), ssd };
  }

  /** Every block held, for a node that (re)joins the master and must report what it has. */
  inventory(): InventoryItem[] {
    return [this.options.dram, this.options.ssd].flatMap((tier) =>
      tier === undefined ? [] : tier.list().map((key) => ({ key, tier: tier.tier, sizeBytes: tier.sizeOf(key) ?? 0 })),
    );
  }

  private async readSsd(ssd: BlockTier, key: BlockKey): Promise<Result<NodeHit, TierMiss>> {
    const memory = this.options.ssdReadMemory;
    if (memory === undefined) {
      const got = await ssd.get(key);
      return got.ok ? ok({ bytes: got.value, tier: 'ssd' }) : got;
    }
    const lent = await ssd.read(key, memory);
    return lent.ok ? ok({ bytes: lent.value.bytes, tier: 'ssd', release: lent.value.release }) : lent;
  }

  private async makeDramRoom(neededBytes: number): Promise<boolean> {
    const dram = this.options.dram;
    if (this.options.ssd === undefined || neededBytes > dram.usage().capacityBytes) return false;
    while (dram.usage().capacityBytes - dram.usage().usedBytes < neededBytes) {
      const [coldest] = dram.list(1);
      if (coldest === undefined || !(await this.demote(coldest))) return false;
    }
    return true;
  }

  private async demote(key: BlockKey): Promise<boolean> {
    const ssd = this.options.ssd;
    const bytes = await this.options.dram.get(key);
    if (ssd === undefined || !bytes.ok || !(await ssd.put(key, bytes.value)).ok) return false;
    await this.options.dram.delete(key);
    this.emit({ kind: 'moved', nodeId: this.nodeId, key, from: 'dram', to: 'ssd', sizeBytes: bytes.value.length });
    return true;
  }

  /** Best effort: a hit is served whether or not DRAM can make room. */
  private async promote(key: BlockKey, bytes: Uint8Array): Promise<void> {
    const ssd = this.options.ssd;
    if (ssd === undefined || !ssd.has(key) || this.options.dram.has(key)) return;
    if (!(await this.makeDramRoom(bytes.length)) || !(await this.options.dram.put(key, bytes)).ok) return;
    await ssd.delete(key);
    this.emit({ kind: 'moved', nodeId: this.nodeId, key, from: 'ssd', to: 'dram', sizeBytes: bytes.length });
  }

  private async drop(key: BlockKey): Promise<boolean> {
    const tier = this.tierOf(key);
    const holder = tier === 'dram' ? this.options.dram : tier === 'ssd' ? this.options.ssd : undefined;
    if (tier === undefined || holder === undefined || !(await holder.delete(key))) return false;
    this.emit({ kind: 'removed', nodeId: this.nodeId, key, tier, reason: 'deleted' });
    return true;
  }

  private stored(key: BlockKey, tier: NodeTier, sizeBytes: number): Result<{ outcome: TierPutOutcome; tier: NodeTier }, never> {
    this.emit({ kind: 'stored', nodeId: this.nodeId, key, tier, sizeBytes });
    return ok({ outcome: 'stored', tier });
  }

  private emit(change: TierChange): void {
    this.options.observer?.onTierChange(change);
  }
}
