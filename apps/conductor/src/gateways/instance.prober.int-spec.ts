import { Server, ServerCredentials, type UntypedHandleCall } from '@grpc/grpc-js';
import { BYTE_TOKENIZER_ID, InstanceRegistry, ModelCatalog } from '@tsukimi/conductor';
import { loadWatchHandler } from '@tsukimi/instance-kit';
import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceDescription, type DescribeRequest__Output, tsukimiProto } from '@tsukimi/proto';
import { instanceId, type InstanceId } from '@tsukimi/scheduler';
import { DeviceTierLog } from '@tsukimi/serving';
import { ChaosProxy } from '@tsukimi/transfer';
import { silentLogger } from '@tsukimi/telemetry';
import { InstanceClients } from './instance-clients';
import { InstanceProber } from './instance.prober';
import { until } from '@tsukimi/service-kit/testing';

const INTERVAL_MS = 40;

/** A prefill instance over real gRPC whose description is the test's: its cached blocks in a real device-tier log, its drain an abort. */
class DescribedInstance {
  describeCalls = 0;
  draining = false;
  /** The relay port it reports (0: none). */
  relayPort = 0;
  readonly log = new DeviceTierLog('epoch-1');
  readonly drain = new AbortController();
  private server: Server | undefined;
  port = 0;

  constructor(private readonly watches: boolean) {}

  async start(port = 0): Promise<this> {
    const server = new Server();
    const describe = (epoch: string, afterId: number) => this.description(epoch, afterId);
    const handlers: Record<string, UntypedHandleCall> = {
      describe: ((call: { request: DescribeRequest__Output }, callback: (error: null, reply: InstanceDescription) => void) => {
        this.describeCalls++;
        callback(null, describe(call.request.deviceEpoch, Number(call.request.deviceAfterId)));
      }) as UntypedHandleCall,
    };
    if (this.watches) handlers['watchLoad'] = loadWatchHandler(describe, this.drain.signal) as UntypedHandleCall;
    server.addService(tsukimiProto().tsukimi.v1.Prefill.service, handlers);
    this.port = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    this.server = server;
    return this;
  }

  stop(): void {
    this.server?.forceShutdown();
  }

  private description(epoch: string, afterId: number): InstanceDescription {
    const changes = this.log.since(epoch, afterId);
    const device =
      changes.kind === 'snapshot'
        ? { epoch: changes.epoch, lastId: changes.lastId, snapshot: true, stored: [...changes.held], removed: [] }
        : { epoch: changes.epoch, lastId: changes.lastId, snapshot: false, stored: [...changes.stored], removed: [...changes.removed] };
    return {
      instanceId: 'described',
      role: 'prefill',
      modelId: 'tiny',
      modelHash: 'hash',
      blockSizeTokens: 16,
      tokenizerId: BYTE_TOKENIZER_ID,
      contextTokens: 2048,
      hashScheme: 'xxh3-chain-v1',
      blockBytes: 1024,
      load: { arenaCapacityBlocks: 64, arenaFreeBlocks: 64 - this.log.since('', 0).lastId, draining: this.draining },
      device,
      relayPort: this.relayPort,
    };
  }
}

/** The registry, counting the times an instance was marked down. */
class CountingRegistry extends InstanceRegistry {
  downs = 0;

  override markDown(id: InstanceId, reason: string): void {
    this.downs++;
    super.markDown(id, reason);
  }
}

const key = (n: number) => n.toString(16).padStart(16, '0') as BlockKey;

describe('InstanceProber with pushed load reports (WatchLoad) over real gRPC', () => {
  let instance: DescribedInstance;
  let registry: CountingRegistry;
  let proxy: ChaosProxy;
  let clients: InstanceClients;
  let prober: InstanceProber;
  let id: InstanceId;

  const health = () => registry.states().find((s) => s.id === id)?.health;
  const held = () => registry.index.heldBlocks('device', id);

  /** `tickMs`: how often the prober looks for instances to probe; the instance checks for changes to push every `INTERVAL_MS`. */
  async function begin(watches: boolean, watchOn = true, tickMs = INTERVAL_MS): Promise<void> {
    instance = await new DescribedInstance(watches).start();
    proxy = await ChaosProxy.start(instance.port);
    id = instanceId(`127.0.0.1:${proxy.port}`);
    registry = new CountingRegistry();
    registry.add(id, 'prefill');
    clients = new InstanceClients();
    prober = new InstanceProber(registry, new ModelCatalog(), clients, silentLogger, { intervalMs: tickMs, timeoutMs: 2_000, ...(watchOn ? { watch: { reportIntervalMs: INTERVAL_MS, livenessIntervalMs: 60_000 } } : {}) });
    prober.start();
    await until('the instance up', () => health() === 'up');
  }

  afterEach(async () => {
    prober.stop();
    clients.close();
    instance.stop();
    await proxy.close();
  });

  it('is probed once, then follows the blocks the instance caches from its pushes alone', async () => {
    await begin(true);
    await until('the watch open', () => prober.watched(id));
    for (const n of [1, 2, 3]) {
      instance.log.blockStored(key(n));
      await until(`block ${n} in the index`, () => held() === n);
    }
    instance.log.blockRemoved(key(1));
    await until('block 1 gone from the index', () => held() === 2);
    // Switched off (watch absent), each of those four changes arrives by a probe of its own.
    expect(instance.describeCalls).toBe(1);
  });

  it('learns the relay port a prefill instance reports, for its calls to go over the relay', async () => {
    await begin(false, false);
    expect(clients.relayAddress(id)).toBeUndefined();
    instance.relayPort = 7777;
    await until('the relay port noted', () => clients.relayAddress(id) !== undefined);
    expect(clients.relayAddress(id)).toEqual({ host: '127.0.0.1', port: 7777 });
  });

  it('marks an instance down as soon as its watch breaks as it dies, and back up (watched again) once it returns', async () => {
    // Probes on the prober's own timer would come too late: the broken watch brings the probe that finds it gone.
    await begin(true, true, 60_000);
    await until('the watch open', () => prober.watched(id));
    const port = instance.port;
    instance.stop();
    await until('the instance down', () => health() === 'down');
    instance = await new DescribedInstance(true).start(port);
    // The prober's next ticks: the channel reconnects after its back-off.
    await until('the instance up and watched again', async () => {
      await prober.probeAll();
      return health() === 'up' && prober.watched(id);
    });
  });

  it('keeps an instance up when only its watch\'s connection dropped: the probe that follows finds it well', async () => {
    await begin(true);
    await until('the watch open', () => prober.watched(id));
    const probes = instance.describeCalls;
    proxy.setFault({ kind: 'none' });
    await until('a probe after the dropped watch, and the watch open again', () => instance.describeCalls > probes && prober.watched(id));
    expect(health()).toBe('up');
    expect(registry.downs).toBe(0);
  });

  it('takes a draining instance out of routing from its last push, then probes it again', async () => {
    await begin(true);
    await until('the watch open', () => prober.watched(id));
    instance.draining = true;
    instance.drain.abort();
    await until('the instance out of routing', () => registry.snapshot('prefill')[0]?.routable === false);
    await until('the watch ended and probes resumed', () => !prober.watched(id) && instance.describeCalls > 1);
  });

  it('describes an instance whole again after a failed call marked it down, rather than applying the next push to a reset entry', async () => {
    // Probes on the prober's own timer would come too late: the push that finds the entry reset brings the probe.
    await begin(true, true, 60_000);
    await until('the watch open', () => prober.watched(id));
    instance.log.blockStored(key(1));
    instance.log.blockStored(key(2));
    await until('two blocks in the index', () => held() === 2);
    registry.markDown(id, 'a call found it unreachable');
    expect(held()).toBe(0);
    instance.log.blockStored(key(3));
    await until('all three blocks, the instance up and watched again', () => health() === 'up' && held() === 3 && prober.watched(id));
    expect(instance.describeCalls).toBe(2);
  });

  it('probes every interval an instance that does not serve WatchLoad, and one whose conductor has watches off', async () => {
    await begin(false);
    const after = instance.describeCalls;
    await until('three more probes', () => instance.describeCalls >= after + 3);
    expect(prober.watched(id)).toBe(false);
    prober.stop();
    clients.close();
    instance.stop();
    await begin(true, false);
    await until('four probes', () => instance.describeCalls >= 4);
    expect(prober.watched(id)).toBe(false);
  });
});
