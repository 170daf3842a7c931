import { type BlockKey } from '@tsukimi/kv-block';
import { ManualClock } from '@tsukimi/telemetry';
import { type NodeId } from '../common/node-id';
import { seededRandom } from '../common/random';
import { type TierBytes } from '../common/tier.model';
import { type IndexEvent } from '../events/index-event.model';
import { type BlockEntry } from '../metadata/block-entry.model';
import { MemoryMetadataStore } from '../metadata/memory-metadata.store';
import { type StoreMasterOptions } from '../master/store-master.options';
import { StoreMaster } from '../master/store.master';
import { type PutStartOptions } from '../master/two-phase.put';

export const nodeId = (name: string): NodeId => name as NodeId;

/** A master over a memory store with a manual clock, a seeded random and a recorder of live events. */
export function masterFixture(options: StoreMasterOptions = {}, seed = 1) {
  const clock = new ManualClock();
  const store = new MemoryMetadataStore({ random: seededRandom(seed), eventRetention: 10_000 });
  const master = new StoreMaster({ store, clock, random: seededRandom(seed), options });
  const events: IndexEvent[] = [];
  master.subscribe((event) => events.push(event));

  /** Heartbeats each node with the given capacities. */
  async function join(nodes: Readonly<Record<string, TierBytes>>): Promise<void> {
    for (const [name, capacityBytes] of Object.entries(nodes)) await master.heartbeat(nodeId(name), { capacityBytes });
  }

  /** Start and end a put; throws if either step fails, since the test means it to succeed. */
  async function putComplete(key: BlockKey, sizeBytes: number, putOptions?: PutStartOptions) {
    const started = await master.putStart(key, sizeBytes, putOptions);
    if (!started.ok || started.value.outcome !== 'allocated') throw new Error(`putStart ${key}: ${JSON.stringify(started)}`);
    const ended = await master.putEnd(key);
    if (!ended.ok) throw new Error(`putEnd ${key}: ${JSON.stringify(ended)}`);
    return started.value.replicas;
  }

  async function entry(key: BlockKey): Promise<BlockEntry | undefined> {
    return (await store.getEntries([key]))[0];
  }

  return { clock, store, master, events, join, putComplete, entry };
}
