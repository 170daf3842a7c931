import { type CapacityResult, CAPACITY_RESOLUTION_RATIO, CAPACITY_SLO_SHARE, type CompiledTimedReplayOptions, type Percentiles, type TimedReplayReport } from '@tsukimi/simulator';

/** How the run went in wall time, for the simulation-speed figure. */
export interface WallTime {
  readonly wallMs: number;
}

const pct = (p: Percentiles) => ({ p50: p.p50, p90: p.p90, p99: p.p99 });

function setup(o: CompiledTimedReplayOptions) {
  return {
    architecture: o.architecture,
    model: o.model.name,
    hardware: o.node.name,
    prefill_instances: o.prefillInstances,
    decode_instances: o.architecture === 'coupled' ? 0 : o.decodeInstances,
    scheduler: o.scheduler.profile ? 'profile' : { policy: o.scheduler.policy, decode_policy: o.scheduler.decodePolicy, admission: o.scheduler.admission },
    slo: { ttft_ms: o.slo.ttftMs, tbt_ms: o.slo.tbtMs },
  };
}

function reportJson(r: TimedReplayReport) {
  const s = r.blockSources;
  return {
    requests: r.requests,
    completed: r.completed,
    rejected: r.rejected,
    within_slo: r.withinSlo,
    goodput_rps: r.goodputRps,
    ttft_ms: pct(r.ttftMs),
    tbt_ms: pct(r.tbtMs),
    hit_ratio_by_tier: { device: s.device, device_remote: s['device-remote'], dram: s.dram, ssd: s.ssd },
    computed_ratio: s.computed,
    simulated_s: r.simulatedMs / 1000,
  };
}

/** The `--json` object of one timed replay: snake_case, unrounded. */
export function timedJson(o: CompiledTimedReplayOptions, r: TimedReplayReport, wall: WallTime): object {
  return { ...setup(o), speed: o.speed, ...reportJson(r), wall_s: wall.wallMs / 1000, simulated_s_per_wall_s: r.simulatedMs / Math.max(1, wall.wallMs) };
}

/** The `--json` object of a capacity search: the capacity as a replay speed and as requests per second of the trace. */
export function capacityJson(o: CompiledTimedReplayOptions, c: CapacityResult, traceRequestsPerS: number, wall: WallTime): object {
  return {
    ...setup(o),
    capacity: {
      speed: c.speed,
      requests_per_s: c.speed * traceRequestsPerS,
      failing_speed: Number.isFinite(c.failingSpeed) ? c.failingSpeed : null,
      slo_share: CAPACITY_SLO_SHARE,
      resolution_ratio: CAPACITY_RESOLUTION_RATIO,
      probes: c.probes.map((p) => ({ speed: p.speed, within_slo_share: p.withinSloShare })),
    },
    wall_s: wall.wallMs / 1000,
  };
}

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(1)} ms`);
const share = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A few lines for a person. */
export function timedSummary(tracePath: string, o: CompiledTimedReplayOptions, r: TimedReplayReport, wall: WallTime): string {
  const shape = o.architecture === 'coupled' ? `${o.prefillInstances} coupled instances` : `${o.prefillInstances} prefill + ${o.decodeInstances} decode instances`;
  const s = r.blockSources;
  return [
    `Timed replay of ${tracePath}: ${o.architecture}, ${shape}, ${o.model.name} on ${o.node.name}, speed ${o.speed}×`,
    `  requests     ${r.requests}: ${r.completed} completed, ${r.rejected} rejected`,
    `  within SLO   ${r.withinSlo} (${share(r.requests === 0 ? 0 : r.withinSlo / r.requests)}; TTFT ≤ ${ms(o.slo.ttftMs)}, TBT ≤ ${ms(o.slo.tbtMs)}), goodput ${r.goodputRps.toFixed(3)} req/s`,
    `  TTFT         p50 ${ms(r.ttftMs.p50)}  p90 ${ms(r.ttftMs.p90)}  p99 ${ms(r.ttftMs.p99)}`,
    `  TBT          p50 ${ms(r.tbtMs.p50)}  p90 ${ms(r.tbtMs.p90)}  p99 ${ms(r.tbtMs.p99)}`,
    `  prompt blocks  own memory ${share(s.device)}, other instances ${share(s['device-remote'])}, pool DRAM ${share(s.dram)}, pool SSD ${share(s.ssd)}, computed ${share(s.computed)}`,
    `  simulated ${(r.simulatedMs / 1000).toFixed(1)} s in ${(wall.wallMs / 1000).toFixed(2)} s wall (${(r.simulatedMs / Math.max(1, wall.wallMs)).toFixed(0)} simulated s per wall s)`,
    '',
  ].join('\n');
}

export function capacitySummary(o: CompiledTimedReplayOptions, c: CapacityResult, traceRequestsPerS: number, wall: WallTime): string {
  return [
    `Effective capacity (${share(CAPACITY_SLO_SHARE)} of requests within TTFT ≤ ${ms(o.slo.ttftMs)} and TBT ≤ ${ms(o.slo.tbtMs)}) of ${o.architecture}:`,
    `  speed ${c.speed.toFixed(3)}× (${(c.speed * traceRequestsPerS).toFixed(3)} req/s); fails at ${c.failingSpeed.toFixed(3)}×; resolution ${((CAPACITY_RESOLUTION_RATIO - 1) * 100).toFixed(0)}%`,
    `  ${c.probes.length} replays in ${(wall.wallMs / 1000).toFixed(1)} s wall`,
    '',
  ].join('\n');
}
