import { type Provider } from '@nestjs/common';
import { type InstanceRegistry, type PoolMasters } from '@tsukimi/conductor';
import { fastSignalsFrom, leaseCallTimeoutMs, type LoadMeter, Planner, PlannerActuator, type PlannerMode, prefillTokensPerS, type ScaleDecision, type ScalePort, type ScaleTarget } from '@tsukimi/planner';
import { err } from '@tsukimi/result';
import { type EngineProfile, type InstanceId } from '@tsukimi/scheduler';
import { LOGGER, Metrics, type ServiceTokens, shutdownTask } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { GrpcPoolReadStats } from '../gateways/grpc-pool-read.stats';
import { CacheWorthScaleIn } from './cache-worth.scale-in';
import { HttpInstanceDrain } from './http.instance-drain';
import { instanceLoads } from './instance-load.mapper';
import { KubernetesPodDeletionCost } from './kubernetes.pod-deletion-cost';
import { KubernetesScale } from './kubernetes.scale';
import { kvpoolSignalsReader } from './kvpool-signals.reader';
import { plannerOptions, type PlannerSettings } from './planner.config';
import { plannerKubeConfig, type PlannerLeaderWiring, type StartedLeader, startPlannerLeader } from './planner-leader.start';
import { plannerSink } from './planner.sink';

export interface PlannerWiring extends PlannerSettings, PlannerLeaderWiring {
  readonly planner: 'off' | PlannerMode;
  readonly plannerFastIntervalMs: number;
  readonly plannerSlowIntervalMs: number;
  readonly plannerNamespace?: string | undefined;
  readonly plannerPrefillDeployment?: string | undefined;
  readonly plannerDecodeDeployment?: string | undefined;
  readonly plannerKvpoolStatefulset?: string | undefined;
  readonly plannerDrainTimeoutMs: number;
}

/** Where discovery found an instance: the Pod a scale-in marks, and the HTTP address its drain call goes to. */
export interface PlannerPods {
  podNameOf(id: InstanceId): string | undefined;
  httpAddressOf(id: InstanceId): string | undefined;
}

const PLANNER = Symbol('PLANNER');
/** A ReadStats call's deadline: the slow loop waits on it. */
const READ_STATS_TIMEOUT_MS = 5_000;

/** The kvpool masters the planner reads the hit-ratio curve and block hits from, when the conductor knows any. */
export interface PlannerPool {
  readonly masters: PoolMasters | undefined;
  readonly tokens?: Pick<ServiceTokens, 'sending'> | undefined;
}

/** Metrics and dry-run modes never write: a port that says so if it is ever asked. */
const NO_SCALE: ScalePort = {
  read: async () => err({ code: 'unavailable', message: 'the planner is not in scale mode' }),
  write: async () => err({ code: 'unavailable', message: 'the planner is not in scale mode' }),
};

/** The scale subresource and the Pods' deletion cost; in a Pod, its own namespace (the service account's), else the kubeconfig context's. */
function kubernetesAdapters(config: PlannerWiring): { scale: ScalePort; podCosts: KubernetesPodDeletionCost } {
  const { kubeConfig, namespace } = plannerKubeConfig(config);
  // A write must not outlast the time its leader may act on a renewal, as the lease's own calls must not.
  const callTimeoutMs = leaseCallTimeoutMs(config.plannerLeaderLeaseMs);
  return { scale: new KubernetesScale(kubeConfig, namespace, callTimeoutMs), podCosts: new KubernetesPodDeletionCost(kubeConfig, namespace, callTimeoutMs) };
}

/**
 * The planner in the conductor: a fast tick on the registry's instances (queues, batches, KV) and a
 * slow tick on the requests scheduled since the last, each decision counted, logged and, in scale
 * mode and on the leader, written to the workload's scale subresource. `profile` gives the fitted
 * engine profile (prefill throughput, and the decode step time where no token gap was measured).
 * Decode is measured on the streams (`load.decode`, fed by the completion metrics): the fast loop's
 * inter-token latency is the tick's p90 token gap, and the slow loop sizes decode from the output
 * lengths of the last requests and the tokens per busy decode instance-second.
 * On a scale-in the instance whose cache
 * is worth least is chosen (`CacheWorthScaleIn`: the kvpool master's decayed hits on the blocks
 * only it holds) and, in scale mode, its Pod (`podNameOf`, from discovery) marked to go first
 * and the instance drained (`HttpInstanceDrain`, bounded) before the replicas are lowered.
 * The slow loop also sizes the kvpool's storage nodes from the master's reuse-distance curve.
 */
export function plannerProviders(config: PlannerWiring, registry: InstanceRegistry, profile: () => EngineProfile | undefined, load: LoadMeter, pods: PlannerPods, pool: PlannerPool = { masters: undefined }): Provider[] {
  if (config.planner === 'off') return [];
  const mode = config.planner;
  const options = plannerOptions(config);
  const timers: NodeJS.Timeout[] = [];
  const readStats = new GrpcPoolReadStats(pool.masters, READ_STATS_TIMEOUT_MS, pool.tokens);
  let started: StartedLeader | undefined;
  return [
    {
      provide: PLANNER,
      inject: [LOGGER, Metrics],
      useFactory: (logger: Logger, metrics: Metrics) => {
        const log = logger.child({ component: 'planner' });
        const planner = new Planner(options, { nowMs: () => Date.now() }, plannerSink(mode, metrics, log));
        started = startPlannerLeader(config, log);
        const leader = started.leader;
        const targets: Partial<Record<'prefill' | 'decode' | 'kvpool', ScaleTarget>> = {};
        if (config.plannerPrefillDeployment) targets.prefill = { kind: 'Deployment', name: config.plannerPrefillDeployment };
        if (config.plannerDecodeDeployment) targets.decode = { kind: 'Deployment', name: config.plannerDecodeDeployment };
        if (config.plannerKvpoolStatefulset) targets.kvpool = { kind: 'StatefulSet', name: config.plannerKvpoolStatefulset };
        const kubernetes = mode === 'scale' ? kubernetesAdapters(config) : undefined;
        const drains = mode === 'scale' ? new HttpInstanceDrain({ httpAddressOf: (id) => pods.httpAddressOf(id), tokens: pool.tokens, timeoutMs: config.plannerDrainTimeoutMs, logger: log }) : undefined;
        const scaleIn = new CacheWorthScaleIn({ registry, mode, podNameOf: (id) => pods.podNameOf(id), podCosts: kubernetes?.podCosts, drains, hits: readStats, metrics, logger: log });
        const actuator = new PlannerActuator({ mode, targets }, kubernetes?.scale ?? NO_SCALE, leader, scaleIn);
        const leaderGauge = metrics.get('tsukimi_planner_leader');
        const scaleErrors = metrics.get('tsukimi_planner_scale_errors_total');
        let acting = false;
        const act = async (decisions: readonly ScaleDecision[]) => {
          leaderGauge.set(leader.isLeader() ? 1 : 0);
          for (const decision of decisions) {
            const outcome = await actuator.actuate(decision);
            if (!outcome.ok) {
              scaleErrors.inc({ role: decision.role, outcome: outcome.error.code });
              log.warn('planner could not scale', { role: decision.role, desiredReplicas: decision.desiredReplicas, code: outcome.error.code, reason: outcome.error.message });
            }
          }
        };
        // One tick at a time: a slow API server delays the next tick rather than piling writes up.
        const tick = (decide: () => readonly ScaleDecision[] | Promise<readonly ScaleDecision[]>) => {
          if (acting) return;
          acting = true;
          void (async () => act(await decide()))().finally(() => (acting = false));
        };
        const kvpoolSignals = kvpoolSignalsReader(readStats, log);
        timers.push(
          setInterval(() => tick(() => {
            const loads = instanceLoads(registry);
            for (const l of loads) if (l.role === 'prefill' && l.routable && l.queuedRequests > 0) load.sampleUncachedTokens(l.queuedUncachedTokens, l.queuedRequests);
            load.decode.sampleBusy(loads, config.plannerFastIntervalMs);
            const measuredItlMs = load.decode.takeInterTokenLatencyMs();
            if (measuredItlMs !== undefined) metrics.get('tsukimi_planner_decode_inter_token_latency_seconds').set(measuredItlMs / 1000);
            return planner.fastTick(fastSignalsFrom(loads, profile(), measuredItlMs));
          }), config.plannerFastIntervalMs).unref(),
          setInterval(() => tick(async () => {
            const kvpool = pool.masters ? await kvpoolSignals() : undefined;
            const window = load.take(Date.now());
            const decode = load.decode.take();
            const fitted = profile();
            const prefillReplicas = planner.desired('prefill');
            if (!window || window.uncachedTokensPerRequest === undefined || !fitted || prefillReplicas === undefined) return planner.slowTick(kvpool ? { kvpool } : {});
            const signals = { requestsPerS: window.requestsPerS, uncachedTokensPerRequest: window.uncachedTokensPerRequest, outputTokensPerRequest: decode.outputTokensPerRequest ?? 0, prefillTokensPerSPerInstance: prefillTokensPerS(fitted), decodeTokensPerSPerInstance: decode.decodeTokensPerSPerInstance ?? 0 };
            return planner.slowTick({ load: { ...signals, prefillReplicas, decodeReplicas: planner.desired('decode') ?? 0 }, ...(kvpool ? { kvpool } : {}) });
          }), config.plannerSlowIntervalMs).unref(),
        );
        log.info('planner started', { mode, fastIntervalMs: config.plannerFastIntervalMs, slowIntervalMs: config.plannerSlowIntervalMs, leaderElection: started.election });
        return planner;
      },
    },
    shutdownTask('planner', async () => {
      for (const timer of timers) clearInterval(timer);
      readStats.close();
      await started?.stop();
    }),
  ];
}
