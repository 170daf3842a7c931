import { GrpcMasterLink } from '@tsukimi/instance-kit';
import { parseNodeId } from '@tsukimi/kv-store';
import { until } from '@tsukimi/service-kit/testing';
import { type PoolProcesses } from '../../apps/kvpool/test/pool-processes';

const HEARTBEAT_INTERVAL_MS = 100;

/**
 * A pool member that only heartbeats (as a node process does, every 100 ms) and never reconciles:
 * the holder of blocks registered without payloads. A real node would report its empty inventory
 * after any missed heartbeat, and the master would rightly drop every such block.
 */
export async function heartbeatingMember(pool: PoolProcesses, name: string, dramBytes: number): Promise<{ stop(): void }> {
  const nodeId = parseNodeId(name);
  if (!nodeId.ok) throw new Error(`bad member name ${name}`);
  const link = new GrpcMasterLink([{ host: '127.0.0.1', port: pool.master.grpcPort! }], 5_000);
  const beat = () => link.heartbeat({ nodeId: nodeId.value, capacityBytes: { dram: dramBytes }, usedBytes: { dram: 0 } });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    void beat().finally(() => {
      if (!stopped) timer = setTimeout(loop, HEARTBEAT_INTERVAL_MS);
    });
  };
  loop();
  await until(`member ${name} to join`, async () => (await pool.liveNodes()).includes(name), 15_000);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      link.close();
    },
  };
}
