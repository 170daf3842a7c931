import { type AdapterInfo } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { type DecodeWork, GlobalPrefixIndex, type InstanceId, type InstanceRole, type InstanceSnapshot, type QueuedPrefill } from '@tsukimi/scheduler';
import { type CircuitOptions, DEFAULT_CIRCUIT_OPTIONS } from './circuit/circuit.options';
import { type CircuitEvents, InstanceCircuits } from './circuit/instance-circuits';
import { HandoffGapTracker } from './handoff-gap.tracker';
import { type InstanceFacts, incompatibility } from './instance-facts';

export type InstanceHealth = 'unknown' | 'up' | 'down' | 'incompatible';

/** The blocks an instance holds in its own memory, as its Describe answers report them. */
export type DeviceTierReport =
  | { readonly kind: 'snapshot'; readonly epoch: string; readonly lastId: number; readonly held: readonly BlockKey[] }
  | { readonly kind: 'delta'; readonly epoch: string; readonly lastId: number; readonly stored: readonly BlockKey[]; readonly removed: readonly BlockKey[] };

/** One instance as the conductor tracks it. */
export interface InstanceState {
  readonly id: InstanceId;
  readonly role: InstanceRole;
  health: InstanceHealth;
  facts: InstanceFacts | undefined;
  /** Why the instance is down or incompatible. */
  reason: string | undefined;
  inFlightRequests: number;
  inFlightTokens: number;
  /** Where the conductor has read the instance's device-tier log up to. */
  deviceCursor: { epoch: string; lastId: number };
  /**
   * Prompts sent and not yet answered with a first token, by request id: on a prefill instance
   * its prefill calls; on a decode instance the requests it runs whole, whose prompt it computes
   * between its decode steps.
   */
  readonly prefills: Map<string, QueuedPrefill>;
  /** Decode streams running, by request id. */
  readonly decodes: Map<string, { contextTokens: number; remainingTokens: number }>;
}

export interface InstanceRegistryOptions {
  /** Blocks remembered per instance's memory; its arena evicts too, and reports say what. */
  readonly deviceCapacityBlocks?: number;
  /** The clock the handoff gaps and circuits' cool-downs are timed on. */
  readonly monotonicMs?: () => number;
  /** When an instance's circuit opens and for how long; absent: the defaults. */
  readonly circuit?: CircuitOptions;
  /** Told of every circuit's state. */
  readonly circuitEvents?: CircuitEvents;
}

/**
 * The instances the conductor routes to: their health (from probes and from failed calls), what
 * they serve, the work in flight on each, and where every cached block is (the global prefix
 * index: instances' memory from their reports, pool nodes' DRAM and SSD from the pool's events).
 * An instance whose block keys could not match the others' is refused, with the reason, rather
 * than silently never getting a cache hit.
 */
export class InstanceRegistry {
  private readonly instances = new Map<InstanceId, InstanceState>();
  /** Per model, the facts of the first instance that described it: the others must match them. */
  private readonly references = new Map<string, InstanceFacts>();
  /**
   * Per model, each adapter name with the id of the first instance that loaded it. An instance
   * whose adapter of that name has another id (another file or scale) computes other KV under
   * other keys: it is not sent that adapter's requests.
   */
  private readonly adapterIds = new Map<string, Map<string, string>>();
  readonly index: GlobalPrefixIndex;
  private readonly tenants = new Map<string, number>();
  /** Removed instances whose requests in flight have not all ended: kept only so those can end cleanly. */
  private readonly leaving = new Set<InstanceId>();

  private readonly handoffGaps: HandoffGapTracker;
  /** Each instance's circuit: an open one takes no requests, whatever its probes say. */
  readonly circuits: InstanceCircuits;

  constructor(options: InstanceRegistryOptions = {}) {
    const monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.index = new GlobalPrefixIndex({ deviceCapacityBlocks: options.deviceCapacityBlocks ?? 65_536 });
    this.handoffGaps = new HandoffGapTracker(monotonicMs);
    this.circuits = new InstanceCircuits(options.circuit ?? DEFAULT_CIRCUIT_OPTIONS, monotonicMs, options.circuitEvents);
  }

  add(id: InstanceId, role: InstanceRole): void {
    const existing = this.instances.get(id);
    if (existing && this.leaving.delete(id)) {
      // Back after a removal (a pod ready again): routable only once a probe has described it again.
      existing.health = 'unknown';
      existing.reason = undefined;
    }
    if (existing) return;
    this.circuits.track(id, role);
    this.instances.set(id, {
      id,
      role,
      health: 'unknown',
      facts: undefined,
      reason: undefined,
      inFlightRequests: 0,
      inFlightTokens: 0,
      deviceCursor: { epoch: '', lastId: 0 },
      prefills: new Map(),
      decodes: new Map(),
    });
  }

  /** A successful probe. Returns the reason if the instance was refused as incompatible. */
  observe(id: InstanceId, facts: InstanceFacts): string | undefined {
    const state = this.instances.get(id);
    if (!state) return undefined;
    const reference = this.references.get(facts.modelId) ?? facts;
    this.references.set(facts.modelId, reference);
    const reason = incompatibility(reference, facts);
    state.facts = facts;
    state.health = reason ? 'incompatible' : 'up';
    state.reason = reason;
    if (!reason) this.learnAdapters(facts);
    return reason;
  }

  /** A failed probe or a call that found the instance unreachable: no new requests until a probe succeeds. */
  markDown(id: InstanceId, reason: string): void {
    const state = this.instances.get(id);
    if (!state || state.health === 'down') return;
    state.health = 'down';
    state.reason = reason;
    // Its memory may be gone (a restart); the next probe asks for the whole set again.
    this.index.forgetInstance(id);
    state.deviceCursor = { epoch: '', lastId: 0 };
  }

  /**
   * The instance is gone (its pod deleted, unready or terminating): from now on it gets no new
   * requests and no probes, and its blocks leave the prefix index. Requests already on it end
   * as they would; its entry goes with the last of them.
   */
  remove(id: InstanceId): void {
    const state = this.instances.get(id);
    if (!state) return;
    this.index.forgetInstance(id);
    this.circuits.forget(id);
    state.deviceCursor = { epoch: '', lastId: 0 };
    if (state.inFlightRequests === 0) this.instances.delete(id);
    else this.leaving.add(id);
  }

  /** Where to ask the instance's device-tier log from. */
  deviceCursor(id: InstanceId): { readonly epoch: string; readonly lastId: number } {
    return this.instances.get(id)?.deviceCursor ?? { epoch: '', lastId: 0 };
  }

  /** Applies what an instance reported of the blocks in its memory. */
  applyDeviceReport(id: InstanceId, report: DeviceTierReport): void {
    const state = this.instances.get(id);
    if (!state || this.leaving.has(id)) return;
    if (report.kind === 'snapshot') {
      this.index.forgetInstance(id);
      this.index.reportDevice(id, report.held);
    } else {
      this.index.reportDevice(id, report.stored);
      this.index.evictDevice(id, report.removed);
    }
    state.deviceCursor = { epoch: report.epoch, lastId: report.lastId };
  }

  /** A prefill sent: its prompt and the part the scheduler expects it to reuse, for queue estimates. */
  beginPrefill(id: InstanceId, requestId: string, work: QueuedPrefill, tenant: string): void {
    const state = this.instances.get(id);
    if (!state) return;
    this.handoffGaps.admitted(requestId, this.requestsInFlight() + 1);
    state.inFlightRequests++;
    state.inFlightTokens += work.promptTokens;
    state.prefills.set(requestId, work);
    this.tenants.set(tenant, (this.tenants.get(tenant) ?? 0) + 1);
  }

  endPrefill(id: InstanceId, requestId: string, tenant: string): void {
    const state = this.instances.get(id);
    const work = state?.prefills.get(requestId);
    if (!state || !work) return;
    state.prefills.delete(requestId);
    state.inFlightRequests--;
    state.inFlightTokens -= work.promptTokens;
    this.releaseTenant(tenant);
    this.dropIfLeft(state);
  }

  /** A decode stream started: the context it attends to and the tokens it may still produce. */
  beginDecode(id: InstanceId, requestId: string, work: DecodeWork, tenant: string): void {
    const state = this.instances.get(id);
    if (!state) return;
    state.inFlightRequests++;
    state.decodes.set(requestId, { ...work });
    this.handoffGaps.joined(requestId);
    this.tenants.set(tenant, (this.tenants.get(tenant) ?? 0) + 1);
  }

  /**
   * Decode instance `id` runs request `requestId` whole: its prompt queues there until the
   * request's first token, and the scheduler's TTFT estimate for the next whole run counts it.
   * Called after `beginDecode`; its first token or `endDecode` ends it.
   */
  beginLocalPrefill(id: InstanceId, requestId: string, work: QueuedPrefill): void {
    this.instances.get(id)?.prefills.set(requestId, work);
  }

  /** A prefill's first token went to the client: the gap to the second, which decode instance `id` sends, starts now. */
  firstTokenSent(id: InstanceId, requestId: string): void {
    this.handoffGaps.firstTokenSent(id, requestId, this.requestsInFlight() + 1);
  }

  /**
   * Requests in flight on every instance, each once: prompts on prefill instances, streams on
   * decode instances (a prompt a decode instance runs whole is one of its streams already), and
   * handoffs between the two.
   */
  requestsInFlight(): number {
    let requests = this.handoffGaps.handoffsWaiting();
    for (const s of this.instances.values()) requests += s.role === 'prefill' ? s.prefills.size : s.decodes.size;
    return requests;
  }

  /** One more token decoded for the request. */
  decodedToken(id: InstanceId, requestId: string): void {
    const state = this.instances.get(id);
    const work = state?.decodes.get(requestId);
    if (!state || !work) return;
    if (state.prefills.size > 0) state.prefills.delete(requestId);
    this.handoffGaps.token(id, requestId);
    work.contextTokens++;
    work.remainingTokens = Math.max(0, work.remainingTokens - 1);
  }

  endDecode(id: InstanceId, requestId: string, tenant: string): void {
    const state = this.instances.get(id);
    if (!state || !state.decodes.delete(requestId)) return;
    state.prefills.delete(requestId);
    this.handoffGaps.ended(id, requestId, state.decodes.size);
    state.inFlightRequests--;
    this.releaseTenant(tenant);
    this.dropIfLeft(state);
  }

  /** Records that `id` holds `keys` in its memory now (a prefill just computed or loaded them). */
  reportBlocks(id: InstanceId, keys: readonly BlockKey[]): void {
    if (!this.instances.has(id) || this.leaving.has(id)) return;
    this.index.reportDevice(id, keys);
  }

  /** The facts every routable instance of `modelId` shares, once one has described it. */
  modelFacts(modelId: string): InstanceFacts | undefined {
    return this.references.get(modelId);
  }

  /** Every model an instance has described, in the order they were first seen. */
  models(): readonly InstanceFacts[] {
    return [...this.references.values()];
  }

  /** The LoRA adapters instances of `modelId` have loaded, in the order first seen, each with the id requests for it are keyed by. */
  adapters(modelId: string): readonly AdapterInfo[] {
    return [...(this.adapterIds.get(modelId) ?? new Map<string, string>())].map(([name, id]) => ({ name, id }));
  }

  /**
   * The instances of one role; with `modelId`, only those serving that model; with `adapter`
   * as well, only those that have that adapter loaded (with the id the registry knows it by).
   */
  snapshot(role: InstanceRole, modelId?: string, adapter?: string): InstanceSnapshot[] {
    const states = this.present()
      .filter((s) => s.role === role && (modelId === undefined || s.facts?.modelId === modelId))
      .filter((s) => adapter === undefined || this.hasAdapter(s, adapter));
    const serving = (s: InstanceState) => s.health === 'up' && !s.facts?.draining;
    // Circuits never leave a role with no instance at all: with every serving one open, each is
    // tried rather than every request refused (a fault shared by all of them, not one instance's).
    const circuitsApply = states.some((s) => serving(s) && this.circuits.routable(s.id));
    const level = role === 'decode' ? this.requestsInFlight() + 1 : 0;
    return states.map((s) => ({
      id: s.id,
      role: s.role,
      routable: serving(s) && (!circuitsApply || this.circuits.routable(s.id)),
      inFlightRequests: s.inFlightRequests,
      inFlightTokens: s.inFlightTokens,
      ...(role === 'prefill' ? { queuedPrefills: [...s.prefills.values()] } : this.decodeLoad(s, level)),
    }));
  }

  /** `level`: the requests in flight with one more, the one being decided. */
  private decodeLoad(s: InstanceState, level: number): Pick<InstanceSnapshot, 'decodeBatch' | 'handoffGapMs' | 'queuedPrefills'> {
    const handoffGapMs = this.handoffGaps.gapMs(s.id, level);
    return { decodeBatch: [...s.decodes.values()], queuedPrefills: [...s.prefills.values()], ...(handoffGapMs === undefined ? {} : { handoffGapMs }) };
  }

  /** Requests in flight per tenant (a request counts once per phase it is in). */
  tenantInFlight(): ReadonlyMap<string, number> {
    return this.tenants;
  }

  /** The instance `id` if present, as `states()` would list it: one lookup rather than a copy of them all. */
  state(id: InstanceId): InstanceState | undefined {
    return this.leaving.has(id) ? undefined : this.instances.get(id);
  }

  /** The instances present (removed ones with requests still ending are not). */
  states(): readonly InstanceState[] {
    return this.present();
  }

  private present(): InstanceState[] {
    return [...this.instances.values()].filter((s) => !this.leaving.has(s.id));
  }

  private dropIfLeft(state: InstanceState): void {
    if (state.inFlightRequests > 0 || !this.leaving.delete(state.id)) return;
    this.instances.delete(state.id);
  }

  private learnAdapters(facts: InstanceFacts): void {
    if (!facts.adapters?.length) return;
    let ids = this.adapterIds.get(facts.modelId);
    if (!ids) {
      ids = new Map();
      this.adapterIds.set(facts.modelId, ids);
    }
    for (const adapter of facts.adapters) if (!ids.has(adapter.name)) ids.set(adapter.name, adapter.id);
  }

  private hasAdapter(state: InstanceState, adapter: string): boolean {
    const facts = state.facts;
    const id = facts && this.adapterIds.get(facts.modelId)?.get(adapter);
    return id !== undefined && (facts?.adapters ?? []).some((a) => a.name === adapter && a.id === id);
  }

  private releaseTenant(tenant: string): void {
    const left = (this.tenants.get(tenant) ?? 1) - 1;
    if (left <= 0) this.tenants.delete(tenant);
    else this.tenants.set(tenant, left);
  }
}
