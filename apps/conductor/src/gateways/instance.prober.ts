import { Metadata, status } from '@grpc/grpc-js';
import { type EngineProfileLearner, type InstanceFacts, type InstanceHealth, type InstanceRegistry, type InstanceState, type ModelCatalog } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { callUnary, type DescribeRequest, type DeviceTierUpdate__Output, type InstanceDescription__Output, type ModelCard__Output, type ModelCardRequest } from '@tsukimi/proto';
import { err, ok } from '@tsukimi/result';
import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { type Logger } from '@tsukimi/telemetry';
import { type InstanceClients } from './instance-clients';
import { LoadWatches } from './load.watches';

/** How often instances are asked to describe themselves. */
export interface ProbeOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /**
   * Instances push their description over `WatchLoad`, checking for changes every
   * `reportIntervalMs`, and are probed only every `livenessIntervalMs`; absent: every instance is
   * probed every interval.
   */
  readonly watch?: { readonly reportIntervalMs: number; readonly livenessIntervalMs: number };
}

/**
 * Keeps every instance's description current. With watches on, an instance described once by a
 * probe is then watched: it pushes its description when its load or cached blocks change, and is
 * probed again only when it has pushed nothing for the liveness interval (an instance hung with
 * its connection open), when its circuit is not closed (the probe is the half-open trial), or at
 * once when its watch ended. A failed probe marks the instance down at once (the next probe brings
 * it back), so a dead instance stops getting requests within one interval even if nothing was sent
 * to it, and one whose watch broke as it died within a probe's round trip; an instance that does
 * not serve `WatchLoad` is probed every interval as before.
 */
export class InstanceProber {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly watches: LoadWatches | undefined;
  /** When each watched instance last told the conductor anything, by a push or a probe. */
  private readonly heardMs = new Map<InstanceId, number>();

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly catalog: ModelCatalog,
    private readonly clients: InstanceClients,
    private readonly logger: Logger,
    private readonly options: ProbeOptions,
    private readonly learner?: EngineProfileLearner,
    /** Called when an instance brought engine timings the learner had not seen. */
    private readonly onTimings?: () => void,
  ) {
    if (options.watch) {
      this.watches = new LoadWatches(clients, {
        described: (id, role, description) => {
          if (!this.running) return;
          if (this.followsWatch(id)) {
            this.heardMs.set(id, performance.now());
            this.apply(id, role, description, false);
            return;
          }
          this.watches?.cancel(id);
          void this.probe(id, role);
        },
        // A stream can break with the instance well (a proxy or a middlebox dropped the
        // connection): a probe now says which, and a failed one marks it down at once.
        ended: (id, role) => {
          if (this.running) void this.probe(id, role);
        },
      }, options.watch.reportIntervalMs);
    }
  }

  start(): void {
    const tick = () => {
      void this.probeAll().finally(() => {
        if (this.running) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    this.running = true;
    tick();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.watches?.close();
  }

  /** Nest calls this when the app closes. */
  onApplicationShutdown(): void {
    this.stop();
  }

  /** Whether `id` pushes its description over an open watch. */
  watched(id: InstanceId): boolean {
    return this.watches?.has(id) ?? false;
  }

  async probeAll(): Promise<void> {
    const states = this.registry.states();
    const present = new Set(states.map((s) => s.id));
    this.watches?.retain(present);
    for (const id of this.heardMs.keys()) if (!present.has(id)) this.heardMs.delete(id);
    await Promise.all(states.filter((state) => this.due(state)).map((state) => this.probe(state.id, state.role)));
  }

  /** Whether `state` is to be probed this tick; a watch the registry no longer follows is ended here. */
  private due(state: InstanceState): boolean {
    const watches = this.watches;
    if (!watches?.has(state.id)) return true;
    if (!this.followsWatch(state.id)) {
      watches.cancel(state.id);
      return true;
    }
    if (this.registry.circuits.state(state.id) !== 'closed') return true;
    return performance.now() - (this.heardMs.get(state.id) ?? 0) >= (this.options.watch?.livenessIntervalMs ?? 0);
  }

  /**
   * Whether the registry's entry still continues what `id`'s watch has pushed. Not once a failed
   * call marked it down or it was removed and added again: its entry was reset, so the stream's
   * deltas no longer apply, and a probe must describe it whole (a new watch follows).
   */
  private followsWatch(id: InstanceId): boolean {
    const health = this.registry.state(id)?.health;
    return (health === 'up' || health === 'incompatible') && this.watches?.cursorOf(id)?.epoch === this.registry.deviceCursor(id).epoch;
  }

  private async probe(id: InstanceId, role: InstanceRole): Promise<void> {
    const client = role === 'prefill' ? this.clients.prefillClient(id) : this.clients.decodeClient(id);
    const before = this.registry.state(id)?.health;
    const cursor = this.registry.deviceCursor(id);
    const trial = this.registry.circuits.probeTrial(id);
    const reply = await callUnary<DescribeRequest, InstanceDescription__Output>(
      (r, m, o, cb) => client.describe(r, m, o, cb),
      { deviceEpoch: cursor.epoch, deviceAfterId: cursor.lastId },
      new Metadata(),
      this.options.timeoutMs,
    );
    if (!reply.ok) {
      if (trial) this.registry.circuits.record(id, reply.error.code === status.DEADLINE_EXCEEDED ? 'timeout' : 'error');
      // An instance computing the requests sent to it may answer a probe late; it is busy, not gone.
      // Its own calls fail on their deadlines if it has hung, and a refused connection still marks it down.
      const busy = reply.error.code === status.DEADLINE_EXCEEDED && (this.registry.state(id)?.inFlightRequests ?? 0) > 0;
      if (busy && before === 'up') return;
      this.watches?.cancel(id);
      this.down(id, role, before, reply.error.details);
      return;
    }
    this.heardMs.set(id, performance.now());
    this.apply(id, role, reply.value, trial);
    if (this.running) this.watches?.open(id, role, this.registry.deviceCursor(id));
  }

  private down(id: InstanceId, role: InstanceRole, before: InstanceHealth | undefined, reason: string): void {
    this.registry.markDown(id, reason);
    if (before !== 'down') this.logger.warn('instance down', { instance: id, role, reason });
  }

  /** What a probe answered or a watch pushed: the instance's facts, load and cached blocks. */
  private apply(id: InstanceId, role: InstanceRole, d: InstanceDescription__Output, trial: boolean): void {
    const before = this.registry.state(id)?.health;
    this.clients.noteRelayPort(id, d.relayPort);
    const facts: InstanceFacts = {
      reportedId: d.instanceId,
      modelId: d.modelId,
      modelHash: d.modelHash,
      blockSizeTokens: d.blockSizeTokens,
      tokenizerId: d.tokenizerId,
      contextTokens: d.contextTokens,
      hashScheme: d.hashScheme,
      arenaCapacityBlocks: d.load?.arenaCapacityBlocks ?? 0,
      ...(d.load ? { arenaFreeBlocks: d.load.arenaFreeBlocks } : {}),
      blockBytes: d.blockBytes,
      draining: d.load?.draining ?? false,
      adapters: d.adapters.map((a) => ({ name: a.name, id: a.id })),
    };
    const refused = this.registry.observe(id, facts);
    if (trial) this.registry.circuits.record(id, refused ? 'error' : 'success');
    if (!refused && this.catalog.wants(facts.tokenizerId)) void this.learnLanguage(id, role, facts);
    if (!refused && d.device) this.registry.applyDeviceReport(id, deviceReport(d.device));
    if (!refused && this.learner?.record(id, role, d.prefillTimings, d.decodeTimings.map((t) => ({ batchSize: t.batchSize, contextTokens: t.contextTokens, stepMs: t.stepMs })))) this.onTimings?.();
    const after = this.registry.state(id)?.health;
    if (refused && before !== 'incompatible') this.logger.error('instance refused: its block keys would not match the cluster', { instance: id, role, reason: refused });
    else if (after === 'up' && before !== 'up') this.logger.info('instance up', { instance: id, role, reportedId: d.instanceId });
  }

  /** Fetches the instance's model card so requests for its model can be tokenized; a failure is tried again at a later probe. */
  private async learnLanguage(id: InstanceId, role: InstanceRole, facts: InstanceFacts): Promise<void> {
    const client = role === 'prefill' ? this.clients.prefillClient(id) : this.clients.decodeClient(id);
    const learnt = await this.catalog.learn(facts.tokenizerId, async () => {
      const card = await callUnary<ModelCardRequest, ModelCard__Output>((r, m, o, cb) => client.modelCard(r, m, o, cb), {}, new Metadata(), this.options.timeoutMs);
      return card.ok ? ok(card.value.ggufMetadata) : err(card.error.details);
    });
    if (learnt.ok) this.logger.info('model card loaded', { model: facts.modelId, tokenizer: facts.tokenizerId, instance: id });
    else this.logger.warn('model card not usable', { model: facts.modelId, instance: id, reason: learnt.error });
  }
}

function deviceReport(update: DeviceTierUpdate__Output) {
  const lastId = Number(update.lastId);
  return update.snapshot
    ? { kind: 'snapshot' as const, epoch: update.epoch, lastId, held: update.stored as BlockKey[] }
    : { kind: 'delta' as const, epoch: update.epoch, lastId, stored: update.stored as BlockKey[], removed: update.removed as BlockKey[] };
}
