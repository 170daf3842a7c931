import { type ConfigOf, defineSchema, field } from '@tsukimi/config';
import { DISAGGREGATION_MODES } from '@tsukimi/conductor';
import { ADMISSION_NAMES, type AdmissionName, POLICY_NAMES, defaultAdmission } from '@tsukimi/scheduler';
import { serviceSchema } from '@tsukimi/service-kit';
import { E2E_BUCKETS_SECONDS, TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS } from '@tsukimi/telemetry';
import { cacheAuditSchema } from './cache-audit.config';
import { circuitSchema } from './circuit.config';
import { plannerSchema } from './planner/planner.config';
import { tenantLimitsSchema } from './rate-limit/tenant-limits.config';
import { requestLimitsSchema } from './request-limits.config';
import { tenancySchema } from './tenancy/tenancy.config';

export const conductorSchema = defineSchema({
  ...serviceSchema({ httpPort: 8000, grpcPort: 0 }),
  discovery: field.enum({ values: ['static', 'kubernetes'], default: 'static', description: 'How instances are found: static (--prefill and --decode) or kubernetes (ready Pods matching the selectors)' }),
  prefill: field.list({ default: [], description: 'Prefill instances\' gRPC addresses (host:port, comma separated); static discovery' }),
  decode: field.list({ default: [], description: 'Decode instances\' gRPC addresses (host:port, comma separated); static discovery' }),
  discoveryNamespace: field.string({ optional: true, description: 'Namespace whose Pods kubernetes discovery watches (default: the conductor\'s own, else the kubeconfig context\'s, else default)' }),
  prefillSelector: field.string({ default: 'app.kubernetes.io/component=prefill', description: 'Label selector of the prefill Pods (kubernetes discovery)' }),
  decodeSelector: field.string({ default: 'app.kubernetes.io/component=decode', description: 'Label selector of the decode Pods (kubernetes discovery)' }),
  instanceGrpcPort: field.string({ default: 'grpc', pattern: /^([0-9]{1,5}|[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?)$/, description: 'The Pods\' gRPC port to dial: a number or a container port\'s name (kubernetes discovery)' }),
  kvpoolAddress: field.addressList({ optional: true, description: 'The kvpool master\'s gRPC address (with standbys, comma separated): the conductor follows its index of pool blocks' }),
  kvpoolSelector: field.string({ default: 'app.kubernetes.io/component=kvpool-master', description: 'Label selector of the kvpool master Pods whose index the conductor follows (kubernetes discovery without --kvpool-address)' }),
  kvpoolGrpcPort: field.string({ default: 'grpc', pattern: /^([0-9]{1,5}|[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?)$/, description: 'The master Pods\' gRPC port to dial: a number or a container port\'s name (kubernetes discovery)' }),
  policy: field.enum({ values: POLICY_NAMES, default: 'kvcache-centric', description: 'How the prefill instance is chosen (the scheduling profile it stands for)' }),
  decodePolicy: field.enum({ values: POLICY_NAMES, default: 'kvcache-centric', description: 'How the decode instance is chosen (kvcache-centric: the tbt-slo filter, then least loaded)' }),
  schedulerProfile: field.string({ optional: true, description: 'JSON scheduler profile (per role: filters, weighted scorers, a picker; and admission) used instead of --policy and --decode-policy' }),
  admission: field.enum({ values: ADMISSION_NAMES, optional: true, description: 'Which requests are refused before prefill: none, early (on current load), predictive (on decode load over the request\'s generation); default predictive when --ttft-slo-ms or --tbt-slo-ms is given, else none' }),
  disaggregation: field.enum({ values: DISAGGREGATION_MODES, default: 'auto', description: 'Whether a prefill instance computes each prompt: always, never (the decode instance runs the whole request), or auto (by cost, per request)' }),
  overlapKv: field.boolean({ default: false, description: 'Overlapped KV streaming: ask the decode instance to load the prompt\'s blocks from the pool while the prefill instance still computes and stores them (run prefill with --overlap-kv too); false: decode loads them after the prefill' }),
  waitForInflightPrefix: field.boolean({ default: true, description: 'A request sharing a prefix with one whose prefill is still computing waits for those blocks, when the estimates say waiting is cheaper than computing them again; false: it computes them' }),
  inflightWaitMaxMs: field.duration({ min: 1, default: 10_000, description: 'Longest a request waits for an in-flight prefix (with estimates, also at most four times the estimated TTFT of computing it now); then it computes' }),
  maxLocalPrefillTokens: field.int({ min: 0, default: 256, description: 'With --disaggregation auto, prompts with at most this many tokens the decode instance cannot load from its memory or the pool run there whole' }),
  ttftSloMs: field.duration({ min: 1, optional: true, description: 'Time-to-first-token target the scheduler and admission judge against (default 2s); setting it turns predictive admission on unless --admission says otherwise' }),
  tbtSloMs: field.duration({ min: 1, optional: true, description: 'Time-between-tokens target for decode placement and admission (default 200ms); setting it turns predictive admission on unless --admission says otherwise' }),
  ttftBucketsSeconds: field.numberList({ positive: true, ascending: true, nonEmpty: true, default: TTFT_BUCKETS_SECONDS, description: 'Bucket edges (s) of the TTFT, queue-wait and estimated-TTFT histograms; the TTFT SLO is always added as an edge' }),
  interTokenBucketsSeconds: field.numberList({ positive: true, ascending: true, nonEmpty: true, default: TBT_BUCKETS_SECONDS, description: 'Bucket edges (s) of the inter-token latency and time-per-output-token histograms; the TBT SLO is always added as an edge' }),
  e2eBucketsSeconds: field.numberList({ positive: true, ascending: true, nonEmpty: true, default: E2E_BUCKETS_SECONDS, description: 'Bucket edges (s) of the end-to-end latency histogram' }),
  engineProfile: field.string({ optional: true, description: 'JSON engine profile (prefill and decode-step coefficients) to estimate with, instead of the timings instances take at start' }),
  promptCacheQuotaByteSeconds: field.number({
    min: 1,
    optional: true,
    description:
      'Each tenant\'s prompt-cache quota: the bytes of pool blocks its live leases (cache_control on /v1/messages, tsukimi.prompt_cache on the OpenAI endpoints) hold, times the time they have left, in byte-seconds; a request whose leases would pass it is refused (429, or 400 when one lease is larger than the whole quota). With --redis-url the accounts are shared by every conductor using that Redis. Absent: no quota',
  }),
  sloHeadroom: field.number({ min: 0.1, max: 1, default: 0.75, description: 'Scheduling and admission aim at this share of each SLO, leaving room for estimates that run short' }),
  kvcacheBalanceThreshold: field.number({ min: 1, default: 1.5, description: 'Fetch a prefix from elsewhere only when it is this many times longer than the instance\'s own' }),
  warmCopies: field.int({ min: 1, default: 1, description: 'Routable prefill instances that should hold a hot prompt prefix in their memory: while fewer do, the least loaded one with free device blocks is asked to load it from the pool ahead of the requests (1: no warm copies)' }),
  hotPrefixWindowMs: field.duration({ min: 100, default: 10_000, description: 'The sliding window over which the conductor counts the requests that begin with each prefix (--warm-copies)' }),
  hotPrefixThreshold: field.int({ min: 1, default: 8, description: 'Requests within --hot-prefix-window-ms that make a prefix hot, so that it gets warm copies' }),
  warmsInFlight: field.int({ min: 1, default: 2, description: 'Warm calls to prefill instances in flight at once, across every prefix (--warm-copies)' }),
  priorityHeader: field.string({ default: 'x-tsukimi-priority', description: 'Request header naming the priority class (high, normal, low)' }),
  sessionHeader: field.string({ default: 'x-tsukimi-session', description: 'Request header naming a conversation, whose turns go where its KV is' }),
  maxInFlightPerInstance: field.int({ min: 1, default: 64, description: 'Requests one instance may have in flight; beyond that on every instance, requests get 429' }),
  retryAfterMs: field.duration({ min: 0, default: 1000, description: 'Retry-After suggested with a 429' }),
  prefillTimeoutMs: field.duration({ min: 1, default: 60_000, description: 'Deadline of one prefill call' }),
  decodeIdleTimeoutMs: field.duration({ min: 1, default: 30_000, description: 'Longest silence of a decode stream before it counts as dead' }),
  decodeStream: field.enum({
    values: ['relay', 'grpc'],
    default: 'relay',
    description: 'How decode streams are read: relay (the instance\'s token relay, one TCP connection per instance carrying every stream as length-prefixed frames; gRPC for an instance that reports no relay) or grpc (a gRPC Decode call per request)',
  }),
  prefillStream: field.enum({
    values: ['relay', 'grpc'],
    default: 'relay',
    description: 'How prefill calls are made: relay (the instance\'s relay, one TCP connection per instance carrying every call as length-prefixed frames; gRPC for an instance that reports no relay) or grpc (a gRPC Prefill call per request)',
  }),
  decodeMigration: field.boolean({
    default: true,
    description: 'A request whose decode instance dies or stalls past --decode-idle-timeout-ms after it sent tokens resumes on another decode instance, with the tokens an uninterrupted run gives; false: its stream ends with an error',
  }),
  probeIntervalMs: field.duration({ min: 10, default: 1000, description: 'How often an instance\'s load and cached blocks are brought up to date: the interval at which a watched instance checks for changes to push, and a probe (Describe) is sent to one not watched' }),
  loadWatch: field.boolean({ default: true, description: 'Instances push their load and cached blocks over one WatchLoad stream each when they change, and are probed only every --liveness-probe-interval-ms; false: every instance is probed every --probe-interval-ms' }),
  livenessProbeIntervalMs: field.duration({ min: 10, default: 10_000, description: 'How often a watched instance that has pushed nothing meanwhile is still probed, to find one that hangs with its connection open' }),
  probeTimeoutMs: field.duration({ min: 1, default: 800, description: 'Deadline of one probe' }),
  servedModelName: field.string({ optional: true, description: 'The model name clients use (default: the model id the instances report)' }),
  tenantHeader: field.string({ default: 'x-tsukimi-tenant', description: 'Request header naming the tenant when no API keys are configured (trusted then; ignored with --api-keys-file); tenants do not share KV cache' }),
  ...tenancySchema,
  ...requestLimitsSchema,
  ...tenantLimitsSchema,
  ...circuitSchema,
  ...cacheAuditSchema,
  ...plannerSchema,
});

/** The settings as given: the SLOs and the admission policy may be absent. */
export type ConductorSettings = ConfigOf<typeof conductorSchema>;

/** The settings the conductor runs with: every SLO and the admission policy decided. */
export type ConductorConfig = Omit<ConductorSettings, 'ttftSloMs' | 'tbtSloMs' | 'admission'> & {
  readonly ttftSloMs: number;
  readonly tbtSloMs: number;
  readonly admission: AdmissionName;
};

export const DEFAULT_TTFT_SLO_MS = 2_000;
export const DEFAULT_TBT_SLO_MS = 200;

/** Fills in the SLOs left unset and the admission policy: predictive once either SLO was set. */
export function resolveConductorConfig(settings: ConductorSettings): ConductorConfig {
  const slosSet = settings.ttftSloMs !== undefined || settings.tbtSloMs !== undefined;
  return {
    ...settings,
    ttftSloMs: settings.ttftSloMs ?? DEFAULT_TTFT_SLO_MS,
    tbtSloMs: settings.tbtSloMs ?? DEFAULT_TBT_SLO_MS,
    admission: defaultAdmission(settings.admission, slosSet),
  };
}
