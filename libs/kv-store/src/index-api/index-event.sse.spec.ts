import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type IndexEvent } from '../events/index-event.model';
import { cursorText, parseResumeCursor, sseEvent, sseSnapshot } from './index-event.sse';

const key = '00000000000000aa' as BlockKey;
const pool0 = 'pool-0' as NodeId;

/** The fields of one SSE frame, as an EventSource reads them. */
function fields(frame: string): Record<string, string> {
  expect(frame.endsWith('\n\n')).toBe(true);
  return Object.fromEntries(frame.trimEnd().split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
}

describe('index events as server-sent events', () => {
  it.each<[IndexEvent, string]>([
    [{ id: 7, kind: 'stored', key, nodeId: pool0, tier: 'dram' }, 'stored'],
    [{ id: 8, kind: 'removed', key, nodeId: pool0, tier: 'ssd' }, 'removed'],
  ])('writes an event with its kind, a resumable id and the v1 body (%#)', (event, kind) => {
    const frame = fields(sseEvent('ep:1', event));
    expect(frame['event']).toBe(kind);
    expect(frame['id']).toBe(`ep:1:${event.id}`);
    expect(JSON.parse(frame['data']!)).toEqual({ version: 'v1', epoch: 'ep:1', id: event.id, kind, key, tier: event.tier, node: 'pool-0' });
  });

  it('pages a snapshot, only the last page resumable', () => {
    const replicas = Array.from({ length: 5 }, (_, i) => ({ key: i.toString(16).padStart(16, '0') as BlockKey, nodeId: 'n' as NodeId, tier: 'dram' as const }));
    const frames = [...sseSnapshot({ epoch: 'e', lastEventId: 42, replicas }, 2)].map(fields);
    expect(frames.map((f) => [f['event'], f['id']])).toEqual([['snapshot', undefined], ['snapshot', undefined], ['snapshot', 'e:42']]);
    const pages = frames.map((f) => JSON.parse(f['data']!) as { replicas: unknown[]; last_page: boolean; last_event_id: number; version: string });
    expect(pages.map((p) => [p.replicas.length, p.last_page, p.last_event_id, p.version])).toEqual([[2, false, 42, 'v1'], [2, false, 42, 'v1'], [1, true, 42, 'v1']]);
    expect(pages[0]!.replicas[0]).toEqual({ key: replicas[0]!.key, tier: 'dram', node: 'n' });
  });

  it('sends one empty page for an empty index, so a subscriber learns the epoch', () => {
    const frames = [...sseSnapshot({ epoch: 'e', lastEventId: 0, replicas: [] })].map(fields);
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0]!['data']!)).toMatchObject({ replicas: [], last_page: true });
  });

  it.each([
    ['e:5', { epoch: 'e', afterId: 5 }],
    ['ep:with:colons:0', { epoch: 'ep:with:colons', afterId: 0 }],
    [cursorText('x', 123456), { epoch: 'x', afterId: 123456 }],
  ])('reads a resume position back: %s', (text, cursor) => {
    expect(parseResumeCursor(text)).toEqual({ ok: true, value: cursor });
  });

  it.each(['', '5', ':5', 'e:', 'e:-1', 'e:1.5', 'e:x', 'e:1234567890123456'])('refuses a resume position that is not one: %j', (text) => {
    expect(parseResumeCursor(text).ok).toBe(false);
  });
});
