import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { type BlockKey } from '@tsukimi/kv-block';
import { MemoryMetadataStore, parseNodeId, StoreMaster } from '@tsukimi/kv-store';
import { systemClock } from '@tsukimi/telemetry';
import { benchKey } from './pool-bench.blocks';

const BATCH = 1000;

/** The collector, reachable without restarting node with --expose-gc. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Heap the master's in-memory metadata takes per block: a StoreMaster over the memory backend,
 * one member, `count` blocks put through putStart and putEnd without payloads (the master's path
 * for a put is the same with or without bytes on a node), heap measured after full collections.
 */
export async function masterBytesPerBlockMemory(count: number, salt: number): Promise<number> {
  const gc = collector();
  const nodeId = parseNodeId('bench-node');
  if (!nodeId.ok) throw new Error('bad node id');
  let master: StoreMaster | undefined = new StoreMaster({ store: new MemoryMetadataStore(), clock: systemClock });
  await master.heartbeat(nodeId.value, { capacityBytes: { dram: count * 2048 } });
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let first = 0; first < count; first += BATCH) {
    // The member heartbeats as a node would, so it stays live however long the puts take.
    await master.heartbeat(nodeId.value, { capacityBytes: { dram: count * 2048 } });
    const keys: BlockKey[] = [];
    for (let n = first; n < Math.min(count, first + BATCH); n++) keys.push(benchKey(n, salt));
    const started = await master.putStartBatch(keys.map((key, i) => ({ key, sizeBytes: 1024, options: { blockIndex: i } })));
    if (started.some((answer) => !answer.ok)) throw new Error('putStart refused');
    const ended = await master.putEndBatch(keys);
    if (ended.some((answer) => !answer.ok)) throw new Error('putEnd refused');
  }
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if ((await master.exists([benchKey(count - 1, salt)]))[0] !== true) throw new Error('last block missing');
  master = undefined;
  return (after - before) / count;
}
