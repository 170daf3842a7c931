import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { type SessionAffinity } from '../affinity/session-affinity.map';
import { type DecodeStepCoefficients } from '../estimators/decode-step.model';
import { QueueTimeEstimator } from '../estimators/queue-time.estimator';
import { TbtEstimator } from '../estimators/tbt.estimator';
import { TransferTimeEstimator } from '../estimators/transfer-time.estimator';
import { TtftEstimator } from '../estimators/ttft.estimator';
import { GlobalPrefixIndex } from '../index/global-prefix.index';
import { type DecodeWork, instanceId, type InstanceSnapshot } from '../instance.model';
import { builtinPlugins } from '../plugins/builtin.plugins';
import { buildProfile } from '../profile/profile.build';
import { decodeProfileOf, type PolicyName, prefillProfileOf } from '../profile/profile.flags';
import { type SchedulingProfile } from '../profile/scheduling.profile';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';
import { type SchedulerOptions } from '../scheduler';

/** Round numbers that make estimates checkable by hand: 16-token blocks, 1 ms per computed token, no attention term. */
export const BLOCK_TOKENS = 16;

/** Transfers: 1 ms per block from another instance or pool DRAM, 20 ms per block from SSD (slower than computing it, 16 ms). */
export function testTtftEstimator(kvcacheBalanceThreshold = 1.5): TtftEstimator {
  const prefill = { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 };
  return new TtftEstimator({
    blockSizeTokens: BLOCK_TOKENS,
    prefill,
    queue: new QueueTimeEstimator({ prefill, msPerQueuedToken: 1 }),
    transfer: new TransferTimeEstimator({ blockBytes: 1000, bandwidthBytesPerS: { 'device-remote': 1e6, dram: 1e6, ssd: 5e4 } }),
    kvcacheBalanceThreshold,
  });
}

/** Step time 10 ms + 1 ms per request + 0.01 ms per context token. */
export const TEST_DECODE_STEP: DecodeStepCoefficients = { baseMs: 10, msPerRequest: 1, msPerContextToken: 0.01 };

export function testTbtEstimator(): TbtEstimator {
  return new TbtEstimator(TEST_DECODE_STEP);
}

export function keysOf(count: number, salt = 1): BlockKey[] {
  return Array.from({ length: count }, (_, i) => blockKeyFromU64(BigInt(salt) * 1_000_000n + BigInt(i)));
}

/** 8 full blocks plus 8 tokens: computing it all costs 136 ms. */
export function request8(extra: Partial<ScheduleRequest> = {}, keys = keysOf(8)): ScheduleRequest {
  return { blockKeys: keys, promptTokens: keys.length * BLOCK_TOKENS + 8, maxTokens: 16, ...extra };
}

export function prefill(id: string, queuedTokens = 0, inFlightRequests = queuedTokens > 0 ? 1 : 0, routable = true): InstanceSnapshot {
  return { id: instanceId(id), role: 'prefill', routable, inFlightRequests, inFlightTokens: queuedTokens };
}

/** A decode instance running `batch` requests of `contextTokens` each with `remainingTokens` to go. */
export function decode(id: string, batch = 0, contextTokens = 100, remainingTokens = 100): InstanceSnapshot {
  const decodeBatch: DecodeWork[] = Array.from({ length: batch }, () => ({ contextTokens, remainingTokens }));
  return { id: instanceId(id), role: 'decode', routable: true, inFlightRequests: batch, inFlightTokens: 0, decodeBatch };
}

export function emptyIndex(): GlobalPrefixIndex {
  const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 1000 });
  index.load({ epoch: 'e1', lastEventId: 0, replicas: [] });
  return index;
}

export function cluster(prefillInstances: InstanceSnapshot[], decodeInstances: InstanceSnapshot[], index = emptyIndex(), extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    prefill: prefillInstances,
    decode: decodeInstances,
    cachedPrefixBlocks: (id, keys) => index.cachedPrefixBlocks(id, keys),
    prefixes: index,
    ...extra,
  };
}

/** The profile a policy name stands for, of the built-in plugins; with session affinity when given a session map. */
export function testProfile(role: 'prefill' | 'decode', policy: PolicyName, sessions?: SessionAffinity): SchedulingProfile {
  const config = role === 'prefill' ? prefillProfileOf(policy, sessions !== undefined) : decodeProfileOf(policy);
  return expectOk(buildProfile(config, role, builtinPlugins(), { sessions }), `${role} profile ${policy}`);
}

/** A scheduler's options for one policy on both roles, over the test estimators. */
export function testSchedulerOptions(policy: PolicyName, extra: Partial<SchedulerOptions> & { readonly kvcacheBalanceThreshold?: number } = {}): SchedulerOptions {
  const { kvcacheBalanceThreshold, ...rest } = extra;
  return {
    prefill: testProfile('prefill', policy, rest.sessions),
    decode: testProfile('decode', policy),
    maxInFlightPerInstance: 8,
    retryAfterMs: 100,
    ttft: testTtftEstimator(kvcacheBalanceThreshold),
    tbt: testTbtEstimator(),
    ...rest,
  };
}
