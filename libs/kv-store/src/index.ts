export { TIERS, NODE_TIERS, type Tier, type NodeTier, type TierBytes, type TierUsage, isFasterTier } from './common/tier.model';
export { type NodeId, type NodeIdParseError, parseNodeId } from './common/node-id';
export { type Random, seededRandom, mathRandom } from './common/random';
export { type BlockVerifier, verifyEncodedBlock } from './common/block-verifier';

export { type BlockTier, type TierPutOutcome, type TierPutError, type TierMiss } from './tier/block-tier.port';
export { DramTier, type DramTierOptions } from './tier/dram.tier';
export { SsdTier, type SsdTierOptions } from './tier/ssd/ssd.tier';
export { type SsdScanMode, type SsdScanReport } from './tier/ssd/ssd.scan';
export { type SsdFiles } from './tier/ssd/ssd-files.port';
export { blockPath } from './tier/ssd/ssd.layout';
export { Xxh3Hasher, type Xxh3HasherOptions } from './tier/checksum/xxh3.hasher';

export { NodeStore, type NodeStoreOptions, type NodePutError, type NodeHit, type NodeUsage } from './node/node.store';
export { type TierChange, type InventoryItem } from './node/tier-change.model';
export { type TierObserver, RecordingTierObserver, fanOutTierChanges } from './node/tier-observer.port';
export { type NodeRead, type TierLookup, tierLookups } from './node/tier-lookup.model';
export { type NodeCommand, type NodeCommandOutcome } from './node/node-command.model';

export {
  type BlockEntry,
  type BlockEntryDraft,
  type BlockStatus,
  type Replica,
  draftOf,
  evictionGuard,
  isLeased,
  isSoftPinned,
} from './metadata/block-entry.model';
export { type NodeRecord } from './metadata/node-record.model';
export { type MetadataStore, type EntryChange, type EntryCommitted, type EntryConflict } from './metadata/metadata-store.port';
export { MemoryMetadataStore, type MemoryMetadataStoreOptions } from './metadata/memory-metadata.store';
export { TimedMetadataStore } from './metadata/timed-metadata.store';
export { type OperationTimer } from './common/operation-timer.port';
export { runMetadataStoreContract, type MetadataStoreHarness, type MetadataStoreFactoryOptions } from './metadata/metadata-store.contract';

export {
  type IndexEvent,
  type IndexEventDraft,
  type IndexReplica,
  type IndexSnapshot,
  type EventBatch,
  type EventGap,
} from './events/index-event.model';
export { replicaEvents } from './events/replica.diff';
export { MemoryEventLog, type MemoryEventLogOptions } from './events/memory-event.log';
export { type IndexSource } from './events/index-source.port';
export { IndexView, syncIndexView, type ApplyOutcome } from './events/index.view';
export { INDEX_API_VERSION, type BlockHoldingV1, type HoldingV1, type IndexEventV1, type IndexLookupV1, type IndexSnapshotPageV1, type MatchedPrefixV1 } from './index-api/index-api.v1';
export { blockHoldings, type Holding, type HoldingsOptions } from './index-api/block-holdings';
export { BlockLocator, type LocatedBlocks } from './index-api/block.locator';
export { parseLookupBody, MAX_LOOKUP_BLOCKS, type IndexLookupRequest, type LookupBodyError } from './index-api/index-lookup.request';
export { cursorText, eventV1, parseResumeCursor, sseEvent, sseSnapshot, SSE_KEEPALIVE, SNAPSHOT_PAGE_REPLICAS, type ResumeCursor } from './index-api/index-event.sse';
export { followIndex, type FollowableIndex, type FollowSink } from './index-api/index.follow';
export { IndexEventRelay, DEFAULT_RELAY_EVENTS, type FollowedView } from './index-api/index-event.relay';
export { serveIndexStream, type TextStream } from './index-api/index-event.stream';

export { PLACEMENT_STRATEGIES, type PlacementStrategyType, type PlacementStrategy, type PlacementRequest, type NodeSpace } from './placement/placement.port';
export { placementStrategy } from './placement/placement.registry';
export { EVICTION_POLICIES, type EvictionPolicyType, type EvictionPolicy } from './eviction/eviction-policy.port';
export { evictionPolicy } from './eviction/eviction-policy.registry';
export { planEviction, evictionTargetBytes, type EvictionPlanInput, type EvictionVictim } from './eviction/eviction.planner';

export { StoreMaster, type StoreMasterDeps, type PutStartItem, type TickReport } from './master/store.master';
export { type EvictedByTier } from './master/eviction.runner';
export { REPLICATION_REASONS, type ReplicationDecision, type ReplicationReport } from './master/hot-spot.replicator';
export { type BlockCopier, type CopyFailure, type CopyFailureReason } from './replication/block-copier.port';
export { TransportBlockCopier } from './replication/transport-block.copier';
export { targetReplicas, planReplicas, type BlockReplicas, type NodeRoom, type ReplicaPlan, type ReplicaCopy, type ReplicaDrop } from './replication/hot-replica.policy';
export { ReadDemandMeter, type ReadDemandOptions, type BlockDemand } from './replication/read-demand.meter';
export { WindowedCountMinSketch, type WindowedSketchOptions } from './replication/windowed-count-min.sketch';
export { type ProtectionCensus } from './master/protection.census';
export { type BlockReadReport } from './master/block-read.stats';
export { ReuseDistanceHistogram, hitRatioOf, hitRatioCurve, type ReuseDistanceCounts } from './stats/reuse-distance.histogram';
export { DecayedBlockHits } from './stats/decayed-block.hits';
export { encodedBlock, encodedSize } from './testing/block.fixture';
export { compileStoreMasterOptions, StoreOptionsError, type StoreMasterOptions, type CompiledStoreMasterOptions } from './master/store-master.options';
export { type PutStartOptions } from './master/two-phase.put';
export { type PutStartAnswer, type PutEndAnswer } from './master/put.decisions';
export { type GetHit } from './master/leased.read';
export { type PinKind } from './master/pin.keeper';
export { type HeartbeatReport, type HeartbeatAnswer, type InvalidReport, type NodeDeparture } from './master/node.registry';
export { type DrainedDeparture } from './master/node.drainer';
export { completeEntryDraft, type ReportOutcome, type ReconcileReport } from './master/replica.reports';
export { type IndexListener } from './master/index.feed';
export { BlockArrivals, type ArrivalSource } from './master/block.arrivals';
export {
  type NotFound,
  type Contention,
  type InProgress,
  type InvalidRequest,
  type PutStartError,
  type PutEndError,
  type PutRevokeError,
  type GetError,
  type RemoveError,
  type PinError,
} from './master/store.errors';

export { TierReportQueue, type TierReportSink } from './pool/tier-report.queue';
export { ColocatedPool, type MaintenanceReport } from './pool/colocated.pool';
export { type MasterLink, type MemberHeartbeat, type HeartbeatResponse, type LinkFailure, type DataAddress, type LeaveReport } from './pool/master-link.port';
export { NodeDirectory } from './pool/node.directory';
export { PoolCoordinator, type LeaderEpoch } from './pool/pool.coordinator';
export { InProcessMasterLink } from './pool/in-process.master-link';
export { NodeAgent, type AgentPass } from './pool/node.agent';
export { EpochFence, type FenceVerdict } from './node/epoch.fence';
export { nodeBlockStore, type NodeReadObserver, type NodeWrite } from './pool/node-block.store';

export { type LeaseStore, type LeaseStoreUnavailable, type LeaseTenure } from './lease/lease-store.port';
export { MemoryLeaseStore } from './lease/memory-lease.store';
export { TimedLeaseStore } from './lease/timed-lease.store';
export { runLeaseStoreContract, type LeaseStoreHarness } from './lease/lease-store.contract';
export { LeaderLease, type LeaderLeaseDeps, type LeaderState, type DemotionReason } from './lease/leader.lease';
export { compileLeaderLeaseOptions, LeaderLeaseOptionsError, type LeaderLeaseOptions, type CompiledLeaderLeaseOptions } from './lease/leader-lease.options';
export { type Timers, type CancelTimer, systemTimers } from './lease/timers.port';
export { ManualTimers } from './lease/manual.timers';
