import { Metadata, status } from '@grpc/grpc-js';
import { type EngineProfileLearner, type InstanceFacts, type InstanceRegistry, type ModelCatalog } from '@tsukimi/conductor';
import { type BlockKey } from '@tsukimi/kv-block';
import { callUnary, type DescribeRequest, type DeviceTierUpdate__Output, type InstanceDescription__Output, type ModelCard__Output, type ModelCardRequest } from '@tsukimi/proto';
import { err, ok } from '@tsukimi/result';
import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { type Logger } from '@tsukimi/telemetry';
import { type InstanceClients } from './instance-clients';

/**
 * Asks every instance to describe itself on an interval. A failed probe marks the instance
 * down at once (the next probe brings it back), so a dead instance stops getting requests
 * within one interval even if nothing was sent to it. An instance whose circuit is open is
 * probed as well: once its cool-down has passed, the probe is the half-open circuit's trial.
 */
export class InstanceProber {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly catalog: ModelCatalog,
    private readonly clients: InstanceClients,
    private readonly logger: Logger,
    private readonly options: { readonly intervalMs: number; readonly timeoutMs: number },
    private readonly learner?: EngineProfileLearner,
    /** Called when an instance brought engine timings the learner had not seen. */
    private readonly onTimings?: () => void,
  ) {}

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
  }

  /** Nest calls this when the app closes. */
  onApplicationShutdown(): void {
    this.stop();
  }

  async probeAll(): Promise<void> {
    await Promise.all(this.registry.states().map((state) => this.probe(state.id, state.role)));
  }

  private async probe(id: InstanceId, role: InstanceRole): Promise<void> {
    const client = role === 'prefill' ? this.clients.prefillClient(id) : this.clients.decodeClient(id);
    const before = this.registry.states().find((s) => s.id === id)?.health;
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
      const busy = reply.error.code === status.DEADLINE_EXCEEDED && (this.registry.states().find((s) => s.id === id)?.inFlightRequests ?? 0) > 0;
      if (busy && before === 'up') return;
      this.registry.markDown(id, reply.error.details);
      if (before !== 'down') this.logger.warn('instance down', { instance: id, role, reason: reply.error.details });
      return;
    }
    const d = reply.value;
    if (role === 'decode') this.clients.noteRelayPort(id, d.relayPort);
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
    const after = this.registry.states().find((s) => s.id === id)?.health;
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
