import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type IndexEvent } from '../events/index-event.model';
import { IndexEventRelay } from './index-event.relay';
import { serveIndexStream, type TextStream } from './index-event.stream';

const stored = (id: number): IndexEvent => ({ id, kind: 'stored', key: id.toString(16).padStart(16, '0') as BlockKey, nodeId: 'n1' as NodeId, tier: 'dram' });

/** A client's socket: what was written, whether it ended, and how much it has not read (`unread`). */
class Client implements TextStream {
  readonly text: string[] = [];
  ended = false;
  unread = 0;
  write(text: string): void {
    if (this.ended) throw new Error('written after the end');
    this.text.push(text);
  }
  end(): void {
    this.ended = true;
  }
  backlogBytes(): number {
    return this.unread;
  }
}

/** A relay over a view that was empty at `e:0`, fed by hand. */
function relay(): IndexEventRelay {
  const r = new IndexEventRelay({ epoch: 'e', lastEventId: 0, poolReplicas: () => [] });
  r.loaded();
  return r;
}

/** Lets the follow's snapshot read (a promise) settle. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('serveIndexStream', () => {
  it('writes the snapshot, then events, and a keep-alive at each beat until stopped', async () => {
    const index = relay();
    const client = new Client();
    let beat: (() => void) | undefined;
    let beating = true;
    const stop = serveIndexStream(client, index, undefined, (b) => ((beat = b), () => (beating = false)));
    await settled();
    index.applied(stored(1));
    beat!();
    expect(client.text.map((t) => t.split('\n')[0])).toEqual(['id: e:0', 'id: e:1', ': keep-alive']);
    stop();
    index.applied(stored(2));
    expect(client.text).toHaveLength(3);
    expect(beating).toBe(false);
    expect(index.subscribers).toBe(0);
  });

  it('ends a client that falls too far behind on live events, and stops following for it', async () => {
    const index = relay();
    const client = new Client();
    serveIndexStream(client, index, undefined, () => () => undefined, 1000);
    await settled();
    index.applied(stored(1));
    client.unread = 1001;
    index.applied(stored(2));
    expect(client.ended).toBe(true);
    index.applied(stored(3));
    expect(client.text.filter((t) => t.includes('event: stored'))).toHaveLength(2);
    expect(index.subscribers).toBe(0);
  });

  it('ends the stream when the followed index starts over', async () => {
    const index = relay();
    const client = new Client();
    serveIndexStream(client, index, undefined, () => () => undefined);
    await settled();
    index.loaded();
    expect(client.ended).toBe(true);
  });
});
