import { type Engine } from '@tsukimi/engine';
import { type ModelCard } from '@tsukimi/proto';
import { type Result, err, ok } from '@tsukimi/result';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { DeviceTierLog, type EngineTimings, profileEngine } from '@tsukimi/serving';
import { ObservedTransport, TcpTransport, TransferObservers } from '@tsukimi/transfer';
import { type InstanceRole } from '@tsukimi/scheduler';
import { loadEngine, type EngineSettings } from './engine.loader';
import { engineTimings, type EngineTimingsSource } from './engine-timings.cache';
import { resolveInstanceId } from './instance-id';
import { buildModelCard } from './model-card';
import { KvPoolGrpcClient, type KvPoolGrpcClientOptions } from './pool/kvpool-grpc.client';

export interface InstanceStartSettings extends EngineSettings {
  readonly kvpoolAddress: KvPoolGrpcClientOptions['masters'];
  readonly poolTimeoutMs: number;
  readonly instanceId?: string | undefined;
  /** Shown to the pool's master and nodes; none when absent (loopback development). */
  readonly serviceTokens?: ServiceTokens | undefined;
  /** Where the engine's timings are kept between starts on this host; timed at every start when absent. */
  readonly engineTimingsCache?: string | undefined;
}

/** What a prefill or decode instance is made of before its service starts. */
export interface InstanceParts {
  readonly instanceId: string;
  readonly engine: Engine;
  readonly deviceLog: DeviceTierLog;
  readonly card: ModelCard;
  readonly pool: KvPoolGrpcClient;
  /** Every data-plane batch the pool client makes; attach the transfer metrics once they exist. */
  readonly transfers: TransferObservers;
  /** The engine timed at start (or read back from an earlier start's timing), reported to the conductor. */
  readonly timings: EngineTimings;
  readonly timingsSource: EngineTimingsSource;
  /** Releases the pool client, the transport and the engine, once requests have drained. */
  close(): Promise<void>;
}

/**
 * The start of every instance: load the engine, read its model card, connect to the pool and
 * time the engine. The error is one line naming what failed.
 */
export async function startInstance(role: InstanceRole, settings: InstanceStartSettings): Promise<Result<InstanceParts, string>> {
  const instanceId = resolveInstanceId(role, settings.instanceId);
  // Unique per instance, not only per process: one process may host several instances.
  const deviceLog = new DeviceTierLog(`${instanceId}-${process.pid}-${Date.now().toString(36)}`);
  const engine = await loadEngine(settings, deviceLog);
  if (!engine.ok) return engine;
  const card = await buildModelCard(settings.modelPath, engine.value);
  if (!card.ok) {
    await engine.value.dispose?.();
    return err(card.error);
  }
  const transfers = new TransferObservers();
  const transport = new ObservedTransport(new TcpTransport({ secrets: settings.serviceTokens }), transfers);
  const pool = new KvPoolGrpcClient({ masters: settings.kvpoolAddress, transport, timeoutMs: settings.poolTimeoutMs, serviceTokens: settings.serviceTokens });
  const timed = await engineTimings(settings.engineTimingsCache, settings, () => profileEngine(engine.value, () => performance.now()));
  return ok({
    instanceId,
    engine: engine.value,
    deviceLog,
    card: card.value,
    pool,
    transfers,
    timings: timed.timings,
    timingsSource: timed.source,
    close: async () => {
      pool.close();
      await transport.close();
      await engine.value.dispose?.();
    },
  });
}
