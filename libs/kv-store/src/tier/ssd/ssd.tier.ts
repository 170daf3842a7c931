import * as fsp from 'node:fs/promises';
import { headerBytes, type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockVerifier } from '../../common/block-verifier';
import { mathRandom, type Random } from '../../common/random';
import { type TierUsage } from '../../common/tier.model';
import { firstKeys, type BlockTier, type LentMemory, type TierLoan, type TierMiss, type TierPutError, type TierPutOutcome, type TierReadMemory } from '../block-tier.port';
import { acceleratedBlockVerifier } from '../checksum/accelerated-block.verifier';
import { Xxh3Hasher } from '../checksum/xxh3.hasher';
import { RegionArena } from '../region.arena';
import { blockPath, shardDir, tempPath } from './ssd.layout';
import { scanSsdDir, type SsdScanMode, type SsdScanReport } from './ssd.scan';
import { fsErrorCode, type SsdFiles } from './ssd-files.port';

export interface SsdTierOptions {
  /** The tier's own directory; created when missing. Nothing else should write into it. */
  readonly dir: string;
  /** Byte budget for block files. */
  readonly capacityBytes: number;
  /**
   * Run on every read; a block that fails is deleted, counted and reported as a miss. Default:
   * `verifyEncodedBlock`'s checks with the checksum computed in WebAssembly SIMD.
   */
  readonly verify?: BlockVerifier;
  /**
   * Bytes of the checksum's WebAssembly memory that `read` lends for blocks whose checksum runs
   * there: the file is read straight into the memory the checksum reads, so nothing is copied on
   * the way. Reads beyond it (and every `get`) use other memory. Default 32 MiB; 0 turns it off.
   * Only with the default `verify`.
   */
  readonly inPlaceReadBytes?: number;
  /** What the startup scan reads of each file; `header` when absent. */
  readonly scan?: SsdScanMode;
  readonly files?: SsdFiles;
  /** Seeds temp-file names, so two tiers on one directory never collide. */
  readonly random?: Random;
}

type PutResult = Result<TierPutOutcome, TierPutError>;

const DEFAULT_IN_PLACE_READ_BYTES = 32 * 1024 * 1024;

/** The checksum's own memory, lent to reads of blocks at least `minBytes` long. */
interface InPlaceReads {
  readonly arena: RegionArena;
  readonly minBytes: number;
}

/** Memory of the caller's own for every read: what `get` returns is never taken back. */
const freshMemory: TierReadMemory = { take: (sizeBytes) => ({ bytes: Buffer.allocUnsafe(sizeBytes), release: () => undefined }) };

/**
 * Blocks as files. A write goes to a temp file and is renamed into place, so a reader or a
 * restart sees a whole block or none. There is no fsync: a block torn by power loss fails its
 * checksum on read and becomes a miss, which is all a cache owes. The index lives in memory and is
 * rebuilt from the directory on open.
 */
export class SsdTier implements BlockTier {
  readonly tier = 'ssd' as const;
  private readonly index = new Map<BlockKey, number>();
  private readonly writes = new Map<BlockKey, Promise<PutResult>>();
  private readonly shards = new Set<string>();
  private usedBytes = 0;
  private reservedBytes = 0;
  private corrupt = 0;
  private writeSeq = 0;
  private readonly instanceTag: string;

  private constructor(
    private readonly options: SsdTierOptions,
    private readonly files: SsdFiles,
    private readonly verify: BlockVerifier,
    /** What the startup scan found and deleted. */
    readonly scanReport: SsdScanReport,
    private readonly inPlace: InPlaceReads | undefined,
  ) {
    this.instanceTag = Math.floor((options.random ?? mathRandom).next() * 2 ** 32).toString(36);
    this.corrupt = scanReport.corruptDeleted;
  }

  /** Opens the directory and registers the sound blocks already in it. */
  static async open(options: SsdTierOptions): Promise<SsdTier> {
    if (!Number.isSafeInteger(options.capacityBytes) || options.capacityBytes < 0) {
      throw new RangeError(`ssd capacityBytes must be a non-negative integer, got ${options.capacityBytes}`);
    }
    const inPlaceReadBytes = options.inPlaceReadBytes ?? DEFAULT_IN_PLACE_READ_BYTES;
    if (!Number.isSafeInteger(inPlaceReadBytes) || inPlaceReadBytes < 0) {
      throw new RangeError(`ssd inPlaceReadBytes must be a non-negative integer, got ${inPlaceReadBytes}`);
    }
    const files = options.files ?? fsp;
    let verify = options.verify;
    let inPlace: InPlaceReads | undefined;
    if (verify === undefined) {
      const hasher = Xxh3Hasher.create({ inPlaceBytes: inPlaceReadBytes });
      verify = acceleratedBlockVerifier(hasher);
      // Blocks whose payload the hasher hands to @node-rs/xxhash gain nothing from its memory.
      if (hasher.accelerated && inPlaceReadBytes > 0) {
        inPlace = { arena: new RegionArena(hasher.inPlaceRegion.subarray(0, inPlaceReadBytes)), minBytes: headerBytes + hasher.nativeBelowBytes };
      }
    }
    await files.mkdir(options.dir, { recursive: true });
    const scan = await scanSsdDir(files, options.dir, options.scan ?? 'header', verify);
    const tier = new SsdTier(options, files, verify, scan.report, inPlace);
    for (const block of scan.blocks) {
      tier.index.set(block.key, block.sizeBytes);
      tier.usedBytes += block.sizeBytes;
    }
    return tier;
  }

  /** Blocks found corrupt since open, by the scan or by a read. */
  get corruptBlocksTotal(): number {
    return this.corrupt;
  }

  async put(key: BlockKey, bytes: Uint8Array): Promise<PutResult> {
    if (this.index.has(key)) return ok('exists');
    const inFlight = this.writes.get(key);
    if (inFlight !== undefined) return inFlight.then((result) => (result.ok ? ok('exists' as const) : result));
    const capacityBytes = this.options.capacityBytes;
    if (bytes.length > capacityBytes) return err({ kind: 'too-large', sizeBytes: bytes.length, capacityBytes });
    const freeBytes = capacityBytes - this.usedBytes - this.reservedBytes;
    if (bytes.length > freeBytes) return err({ kind: 'no-space', neededBytes: bytes.length, freeBytes });
    const write = this.write(key, bytes);
    this.writes.set(key, write);
    try {
      return await write;
    } finally {
      this.writes.delete(key);
    }
  }

  async get(key: BlockKey): Promise<Result<Uint8Array, TierMiss>> {
    const read = await this.readInto(key, (sizeBytes) => freshMemory.take(sizeBytes));
    return read.ok ? ok(read.value.bytes) : read;
  }

  read(key: BlockKey, memory: TierReadMemory): Promise<Result<TierLoan, TierMiss>> {
    return this.readInto(key, (sizeBytes) => this.takeInPlace(sizeBytes) ?? memory.take(sizeBytes));
  }

  /** The checksum's own memory for a read, where the block is long enough to gain and some is free. */
  private takeInPlace(sizeBytes: number): LentMemory | undefined {
    const inPlace = this.inPlace;
    return inPlace !== undefined && sizeBytes >= inPlace.minBytes ? inPlace.arena.tryTake(sizeBytes) : undefined;
  }

  /** Bytes of in-place read memory lent now and not yet released. */
  get inPlaceLentBytes(): number {
    return this.inPlace?.arena.outstandingBytes ?? 0;
  }

  private async readInto(key: BlockKey, take: (sizeBytes: number) => LentMemory): Promise<Result<TierLoan, TierMiss>> {
    const sizeBytes = this.index.get(key);
    if (sizeBytes === undefined) return err({ kind: 'absent' });
    // One byte more than recorded, so a file that grew since it was written comes back longer and fails the verifier.
    const lent = take(sizeBytes + 1);
    let bytes: Uint8Array;
    try {
      bytes = await this.readWhole(blockPath(this.options.dir, key), lent.bytes.subarray(0, sizeBytes + 1), sizeBytes);
    } catch (error) {
      lent.release();
      const code = fsErrorCode(error);
      if (code !== 'ENOENT') return err({ kind: 'io-failure', code });
      this.forget(key);
      return err({ kind: 'absent' });
    }
    const verified = this.verify(key, bytes);
    if (!verified.ok) {
      lent.release();
      this.corrupt += 1;
      await this.remove(key);
      return err({ kind: 'corrupt', cause: verified.error });
    }
    if (this.index.delete(key)) this.index.set(key, sizeBytes);
    return ok({ bytes, release: lent.release });
  }

  has(key: BlockKey): boolean {
    return this.index.has(key);
  }

  sizeOf(key: BlockKey): number | undefined {
    return this.index.get(key);
  }

  async delete(key: BlockKey): Promise<boolean> {
    await this.writes.get(key);
    return this.remove(key);
  }

  list(limit = Number.POSITIVE_INFINITY): readonly BlockKey[] {
    return firstKeys(this.index, limit);
  }

  usage(): TierUsage {
    return { usedBytes: this.usedBytes, capacityBytes: this.options.capacityBytes, blocks: this.index.size };
  }

  /**
   * The block file read into `into`, with as few trips through the thread pool as the OS allows
   * (a whole-file read adds a stat and a read per 512 KiB); resolves to the part filled.
   */
  private async readWhole(path: string, into: Uint8Array, sizeBytes: number): Promise<Uint8Array> {
    const handle = await this.files.open(path, 'r');
    try {
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(into, filled, into.length - filled, filled);
        filled += bytesRead;
        // A regular file reads short only at its end, so reaching sizeBytes needs no call to find EOF.
        if (bytesRead === 0 || filled >= sizeBytes) break;
      }
      return into.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  private async write(key: BlockKey, bytes: Uint8Array): Promise<PutResult> {
    const dir = this.options.dir;
    const temp = tempPath(dir, key, `${this.instanceTag}${(this.writeSeq += 1).toString(36)}`);
    this.reservedBytes += bytes.length;
    try {
      const shard = shardDir(dir, key);
      if (!this.shards.has(shard)) {
        await this.files.mkdir(shard, { recursive: true });
        this.shards.add(shard);
      }
      await this.files.writeFile(temp, bytes, { flag: 'wx' });
      await this.files.rename(temp, blockPath(dir, key));
    } catch (error) {
      await this.files.unlink(temp).catch(() => undefined);
      const code = fsErrorCode(error);
      return code === 'ENOSPC' ? err({ kind: 'no-space', neededBytes: bytes.length, freeBytes: 0 }) : err({ kind: 'io-failure', code });
    } finally {
      this.reservedBytes -= bytes.length;
    }
    this.index.set(key, bytes.length);
    this.usedBytes += bytes.length;
    return ok('stored');
  }

  private async remove(key: BlockKey): Promise<boolean> {
    if (!this.forget(key)) return false;
    await this.files.unlink(blockPath(this.options.dir, key)).catch((error: unknown) => {
      if (fsErrorCode(error) !== 'ENOENT') throw error;
    });
    return true;
  }

  private forget(key: BlockKey): boolean {
    const sizeBytes = this.index.get(key);
    if (sizeBytes === undefined) return false;
    this.index.delete(key);
    this.usedBytes -= sizeBytes;
    return true;
  }
}
