import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId } from '@tsukimi/scheduler';

export interface WarmCopyOptions {
  /** Routable prefill instances that should hold a hot prefix in their memory. */
  readonly copies: number;
  /** Warms in flight at once, across every prefix. */
  readonly maxInFlight: number;
}

/** One prefill instance as the policy sees it, for one prefix. */
export interface WarmCandidate {
  readonly id: InstanceId;
  readonly routable: boolean;
  readonly inFlightRequests: number;
  readonly inFlightTokens: number;
  /** Leading blocks of the prefix in its memory, by the conductor's index. */
  readonly heldBlocks: number;
  /** Device-tier blocks holding nothing, as its last Describe said; unknown: none. */
  readonly freeBlocks: number | undefined;
  /** A warm of this prefix is in flight to it. */
  readonly warming: boolean;
}

/** A hot prefix whose blocks the pool holds, and the prefill instances that serve its model (and adapter). */
export interface WarmablePrefix {
  readonly blockKeys: readonly BlockKey[];
  readonly instances: readonly WarmCandidate[];
}

export interface WarmOrder {
  readonly prefix: number;
  readonly instance: InstanceId;
}

export interface WarmPlan {
  /** Which instance to warm with which prefix (an index into the prefixes given). */
  readonly warms: readonly WarmOrder[];
  /** Prefixes short of holders that no routable instance had the free blocks to take. */
  readonly noRoom: readonly number[];
}

/**
 * Which prefill instances to warm with which hot prefix. A prefix is held by the routable
 * instances that have all its blocks, and counts the warms in flight to it as held; while that is
 * fewer than `copies`, the least loaded routable instance whose free blocks take the blocks it
 * lacks is warmed. Hottest prefix first (the caller's order), no more than `maxInFlight` warms in
 * flight in all, and only into free blocks: a warm never evicts another prefix's cache.
 */
export function planWarmCopies(prefixes: readonly WarmablePrefix[], inFlight: number, options: WarmCopyOptions): WarmPlan {
  const free = new Map<InstanceId, number>();
  const warms: WarmOrder[] = [];
  const noRoom: number[] = [];
  prefixes.forEach((prefix, index) => {
    const blocks = prefix.blockKeys.length;
    const routable = prefix.instances.filter((instance) => instance.routable);
    for (const instance of routable) if (!free.has(instance.id)) free.set(instance.id, instance.freeBlocks ?? 0);
    let holders = routable.filter((instance) => instance.warming || instance.heldBlocks >= blocks).length;
    const candidates = routable
      .filter((instance) => !instance.warming && instance.heldBlocks < blocks)
      .sort((a, b) => a.inFlightRequests - b.inFlightRequests || a.inFlightTokens - b.inFlightTokens || a.id.localeCompare(b.id));
    for (const candidate of candidates) {
      if (holders >= options.copies || inFlight + warms.length >= options.maxInFlight) return;
      const lacking = blocks - candidate.heldBlocks;
      const room = free.get(candidate.id) as number;
      if (room < lacking) continue;
      free.set(candidate.id, room - lacking);
      warms.push({ prefix: index, instance: candidate.id });
      holders++;
    }
    if (holders < options.copies && inFlight + warms.length < options.maxInFlight && holders < routable.length) noRoom.push(index);
  });
  return { warms, noRoom };
}
