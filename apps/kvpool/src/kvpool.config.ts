import { type ConfigOf, defineSchema, field } from '@tsukimi/config';
import { EVICTION_POLICIES, PLACEMENT_STRATEGIES } from '@tsukimi/kv-store';
import { serviceSchema } from '@tsukimi/service-kit';

export const KVPOOL_ROLES = ['standalone', 'master', 'node'] as const;

export const kvpoolSchema = defineSchema({
  ...serviceSchema({ httpPort: 8103, grpcPort: 50060 }),
  role: field.enum({ values: KVPOOL_ROLES, default: 'standalone', description: 'standalone: master and one node in this process; master: metadata only; node: block storage joined to --master-address' }),
  masterAddress: field.addressList({ optional: true, description: 'The master\'s gRPC address, host:port, with standbys comma separated (role node)' }),
  metadata: field.enum({ values: ['memory', 'redis'] as const, default: 'memory', description: 'Where the master keeps block metadata: memory (lost on exit) or redis (shared with standby masters)' }),
  redisUrl: field.string({ optional: true, description: 'redis://host:port/db of the metadata store (with --metadata redis)' }),
  redisPrefix: field.string({ default: 'tsukimi:kv:', description: 'Prefix of every Redis key the master writes' }),
  leaderLeaseTtlMs: field.duration({ min: 300, default: 10_000, description: 'Lease of the leading master; a standby takes over about this long after the leader dies' }),
  heartbeatIntervalMs: field.duration({ min: 10, default: 500, description: 'How often a node heartbeats, reports and takes the master\'s commands' }),
  nodeTimeoutMs: field.duration({ min: 100, default: 10_000, description: 'Master: heartbeat silence after which a node is removed with its replicas' }),
  dataPort: field.int({ min: 0, max: 65535, default: 0, description: 'Data-plane (block bytes) TCP port (0: any free port)' }),
  advertiseHost: field.string({ optional: true, description: 'Host clients dial for block bytes (default: the listen host, or 127.0.0.1 when that is 0.0.0.0)' }),
  nodeId: field.string({ optional: true, description: 'This node\'s id in the pool (default: kvpool-<host>-<pid>)' }),
  dramBytes: field.byteSize({ min: 1, default: 512 * 1024 * 1024, description: 'DRAM tier budget for block bytes' }),
  ssdDir: field.string({ optional: true, description: 'Directory of the SSD tier; no SSD tier when absent' }),
  ssdBytes: field.byteSize({ min: 1, default: 4 * 1024 * 1024 * 1024, description: 'SSD tier budget (with --ssd-dir)' }),
  promoteOnHit: field.boolean({ default: true, description: 'Move a block read from SSD back into DRAM' }),
  pendingPutTimeoutMs: field.duration({ min: 100, default: 60_000, description: 'Master: a put neither ended nor revoked within this is revoked and its bytes freed, as when its writer died mid-put' }),
  leaseTtlMs: field.duration({ min: 1, default: 10_000, description: 'How long a get protects a block from eviction and removal' }),
  highWatermark: field.number({ min: 0.01, max: 1, default: 0.9, description: 'Fraction of a tier\'s budget at which eviction starts' }),
  evictionBatchRatio: field.number({ min: 0.001, max: 1, default: 0.05, description: 'Fraction of a tier\'s budget one eviction pass frees' }),
  evictionPolicy: field.enum({ values: EVICTION_POLICIES, default: 'lru', description: 'Which blocks eviction picks first' }),
  placement: field.enum({ values: PLACEMENT_STRATEGIES, default: 'random', description: 'Where a put\'s replicas go when it does not say' }),
  hotReplicas: field.int({ min: 1, max: 8, default: 1, description: 'Master: the most replicas a hot block gets across nodes (1: no hot-spot replication)' }),
  hotReadsPerWindow: field.int({ min: 1, default: 32, description: 'Master: reads of one block within --hot-window-ms that make it hot; one more replica per multiple' }),
  hotWindowMs: field.duration({ min: 100, default: 10_000, description: 'Master: the sliding window over which reads per block are counted; a block unread this long falls back to its base replicas' }),
  reuseSampleRate: field.number({ min: 0, max: 1, default: 0.01, description: 'Master: share of block keys whose reads are traced for the reuse-distance histogram (the pool\'s hit-ratio curve the conductor\'s planner sizes DRAM by; SHARDS sampling, so a read outside the sample costs one comparison); 0 records none' }),
  reuseTrackedBlocks: field.int({ min: 1, default: 65_536, description: 'Master: sampled blocks the reuse-distance histogram remembers at once (bounds its memory: about 100 bytes each); older ones come back as first reads' }),
  hitHalfLifeMs: field.duration({ min: 1, default: 600_000, description: 'Master: each block\'s read count halves over this (the hits a planner scale-in weighs an instance\'s sole-held blocks by)' }),
  hitTrackedBlocks: field.int({ min: 0, default: 65_536, description: 'Master: blocks whose decayed read counts are kept at once, least recently read forgotten first (about 150 bytes each); 0 records none' }),
  drainBudgetMs: field.duration({ min: 0, default: 15_000, description: 'Node: on shutdown, how long the master may spend copying the blocks of this node to other nodes (leased, then sole replicas, hottest first) before it leaves; a block only this node still holds then is lost (0: leave at once). The termination grace period must cover it beyond --shutdown-timeout-ms' }),
  maintenanceIntervalMs: field.duration({ min: 10, default: 500, description: 'Master: how often expiry, eviction and hot-spot replication decisions run (a standalone pool runs at the shorter of this and --heartbeat-interval-ms)' }),
});

export type KvPoolConfig = ConfigOf<typeof kvpoolSchema>;
