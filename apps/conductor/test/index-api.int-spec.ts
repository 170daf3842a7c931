import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashApiKey } from '@tsukimi/conductor';
import { type IndexEventV1, type IndexLookupV1, type IndexSnapshotPageV1 } from '@tsukimi/kv-store';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';

const TOKEN = 'index-api-service-token-0123456789';
const API_KEY = 'sk-index-api-tenant-a';
/** Another tenant, not allowed to see placement. */
const OTHER_KEY = 'sk-index-api-tenant-b';
const BLOCK_TOKENS = 16;
/** A few of the tiny model's blocks: the first prompt's fit, the second's push them out to SSD. */
const DRAM_BYTES = '48KiB';

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

function call(port: number, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request({ host: '127.0.0.1', port, method, path: url, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) }, timeout: 30_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/** An SSE subscriber: every frame it got, in order, until closed. */
class EventFollower {
  readonly frames: { readonly event: string; readonly id: string | undefined; readonly data: unknown }[] = [];
  private buffer = '';
  private readonly request: http.ClientRequest;
  readonly status: Promise<number>;

  constructor(port: number, url: string, headers: Record<string, string>) {
    let settle: (status: number) => void = () => undefined;
    this.status = new Promise((resolve) => (settle = resolve));
    this.request = http.get({ host: '127.0.0.1', port, path: url, headers }, (response) => {
      settle(response.statusCode ?? 0);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => this.take(chunk));
      response.on('error', () => undefined);
    });
    this.request.on('error', () => undefined);
  }

  events(): IndexEventV1[] {
    return this.frames.filter((f) => f.event === 'stored' || f.event === 'removed').map((f) => f.data as IndexEventV1);
  }

  close(): void {
    this.request.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const lines = this.buffer.slice(0, end).split('\n');
      this.buffer = this.buffer.slice(end + 2);
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      const event = field('event');
      if (event !== undefined) this.frames.push({ event, id: field('id'), data: JSON.parse(field('data') ?? 'null') as unknown });
    }
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe().catch((error: unknown) => ((last = error), undefined));
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened${last ? `: ${String(last)}` : ''}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 100));
  }
}

/** Readable text of `blocks` blocks and a few tokens more, different per `seed`. */
function promptOf(blocks: number, seed: number): string {
  return Array.from({ length: blocks * BLOCK_TOKENS + 5 }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed * 13) % 26))).join('');
}

describe('the index API while blocks move between tiers', () => {
  let dir = '';
  let cluster: ClusterUnderTest;
  let conductor: ServiceProcess;
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-index-api-'));
    const tokenFile = path.join(dir, 'tokens');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const keysFile = path.join(dir, 'keys.yaml');
    fs.writeFileSync(keysFile, `keys:\n  - {hash: ${hashApiKey(API_KEY)}, tenant: tenant-a, seeRouting: true}\n  - {hash: ${hashApiKey(OTHER_KEY)}, tenant: tenant-b, seeRouting: false}\n`);
    const token = ['--service-token-file', tokenFile];
    cluster = await ClusterUnderTest.start({
      prefill: 1,
      decode: 1,
      kvpoolArgs: ['--dram-bytes', DRAM_BYTES, '--ssd-dir', path.join(dir, 'ssd'), '--ssd-bytes', '64MiB', '--no-promote-on-hit', '--node-id', 'pool-tiers', ...token],
      engineArgs: token,
      conductorArgs: token,
    });
    conductor = await cluster.conductorBeside('always', ['--api-keys-file', keysFile, ...token]);
  }, 180_000);

  afterAll(async () => {
    conductor?.signal('SIGTERM');
    await conductor?.waitForExit(20_000).catch(() => conductor.kill());
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const lookup = async (body: unknown, headers: Record<string, string> = bearer(API_KEY), port = conductor.httpPort): Promise<IndexLookupV1> => {
    const reply = await call(port, 'POST', '/index/v1/lookup', headers, body);
    if (reply.status !== 200) throw new Error(`lookup answered ${reply.status}: ${reply.body}`);
    return JSON.parse(reply.body) as IndexLookupV1;
  };
  const complete = async (prompt: string, key = API_KEY) => {
    const reply = await call(conductor.httpPort, 'POST', '/v1/completions', bearer(key), { model: cluster.modelId, prompt, max_tokens: 1 });
    expect(reply.status).toBe(200);
  };
  const tiersOf = (answer: IndexLookupV1) => answer.blocks.map((b) => [...new Set(b.locations.filter((l) => l.tier !== 'device').map((l) => l.tier))].join('+'));

  it('answers 401 in OpenAI\'s shape to calls without a key or token, and 403 to a tenant asking for the whole index', async () => {
    for (const [port, method, url, body] of [
      [conductor.httpPort, 'POST', '/index/v1/lookup', { model: cluster.modelId, prompt: 'x' }],
      [conductor.httpPort, 'GET', '/index/v1/events', undefined],
      [cluster.kvpool.httpPort, 'POST', '/index/v1/lookup', { block_keys: ['0123456789abcdef'] }],
      [cluster.kvpool.httpPort, 'GET', '/index/v1/events', undefined],
    ] as const) {
      for (const headers of [{}, bearer('not-a-key-nor-a-token')]) {
        const reply = await call(port, method, url, headers, body);
        expect([url, reply.status]).toEqual([url, 401]);
        expect(JSON.parse(reply.body)).toMatchObject({ error: { type: 'invalid_request_error', message: expect.any(String) as unknown } });
      }
    }
    expect((await call(conductor.httpPort, 'GET', '/index/v1/events', bearer(API_KEY))).status).toBe(403);
    expect((await call(conductor.httpPort, 'POST', '/index/v1/lookup', bearer(API_KEY), { block_keys: ['0123456789abcdef'] })).status).toBe(403);
  });

  it('reports a prompt\'s blocks in DRAM after its request, on SSD once pushed out, and streams the moves in order', async () => {
    const conductorEvents = new EventFollower(conductor.httpPort, '/index/v1/events', bearer(TOKEN));
    const masterEvents = new EventFollower(cluster.kvpool.httpPort, '/index/v1/events', bearer(TOKEN));
    try {
      expect(await conductorEvents.status).toBe(200);
      expect(await masterEvents.status).toBe(200);
      const first = promptOf(3, 1);
      const before = await lookup({ model: cluster.modelId, prompt: first });
      expect(before).toMatchObject({ object: 'index.lookup', version: 'v1', model: cluster.modelId, block_size_tokens: BLOCK_TOKENS, matched_prefix: { blocks: 0, tokens: 0 } });
      expect(before.blocks).toHaveLength(3);

      await complete(first);
      const inDram = await waitFor('the first prompt\'s blocks in DRAM', async () => {
        const answer = await lookup({ model: cluster.modelId, prompt: first });
        // The prefill instance's own memory shows once its next probe reports what it holds.
        const inEngine = answer.blocks.every((b) => b.locations.some((l) => l.tier === 'device'));
        return tiersOf(answer).every((t) => t === 'dram') && inEngine ? answer : undefined;
      });
      // The conductor names an instance by the address it reaches it at.
      expect(inDram.blocks[0]!.locations).toContainEqual({ tier: 'device', instance: `127.0.0.1:${cluster.prefill[0]!.grpcPort}` });
      expect(inDram.matched_prefix).toEqual({ blocks: 3, tokens: 3 * BLOCK_TOKENS });
      expect(inDram.blocks[0]!.locations).toContainEqual({ tier: 'dram', node: 'pool-tiers' });
      const keys = inDram.blocks.map((b) => b.key);
      // Another tenant's lookup of the same prompt hashes it in its own namespace: nothing of tenant-a's shows.
      const other = await lookup({ model: cluster.modelId, prompt: first }, bearer(OTHER_KEY));
      expect(other.matched_prefix).toEqual({ blocks: 0, tokens: 0 });
      expect(other.blocks.filter((b) => keys.includes(b.key))).toEqual([]);
      // The service token looks up the same keys at the conductor and at the master itself.
      const byKeys = await lookup({ block_keys: keys, model: cluster.modelId }, bearer(TOKEN));
      expect(tiersOf(byKeys)).toEqual(['dram', 'dram', 'dram']);
      expect(byKeys).toMatchObject({ block_size_tokens: BLOCK_TOKENS, prompt_tokens: null, matched_prefix: { blocks: 3, tokens: 3 * BLOCK_TOKENS } });
      expect(tiersOf(await lookup({ block_keys: keys }, bearer(TOKEN), cluster.kvpool.httpPort))).toEqual(['dram', 'dram', 'dram']);

      await complete(promptOf(12, 2));
      const onSsd = await waitFor('the first prompt\'s blocks pushed out to SSD', async () => {
        const answer = await lookup({ model: cluster.modelId, prompt: first });
        return tiersOf(answer).every((t) => t === 'ssd') ? answer : undefined;
      });
      expect(onSsd.matched_prefix.blocks).toBe(3);
      expect(onSsd.blocks.map((b) => b.key)).toEqual(keys);
      // A tenant whose key may not see routing is told tiers, never which node or instance.
      await complete(first, OTHER_KEY);
      const tiersOnly = await waitFor('tenant-b\'s own blocks', async () => {
        const answer = await lookup({ model: cluster.modelId, prompt: first }, bearer(OTHER_KEY));
        return answer.matched_prefix.blocks === 3 ? answer : undefined;
      });
      expect(tiersOnly.blocks[0]!.locations.length).toBeGreaterThan(0);
      expect(JSON.stringify(tiersOnly.blocks)).not.toMatch(/pool-tiers|127\.0\.0\.1/);
      await waitFor('the master to agree', async () => (tiersOf(await lookup({ block_keys: keys }, bearer(TOKEN), cluster.kvpool.httpPort)).every((t) => t === 'ssd') ? true : undefined));

      for (const follower of [conductorEvents, masterEvents]) {
        await waitFor('the moves on the stream', async () => (follower.events().filter((e) => keys.includes(e.key) && e.tier === 'ssd').length >= 3 ? true : undefined), 20_000);
        expect(follower.frames[0]).toMatchObject({ event: 'snapshot' });
        expect((follower.frames[0]!.data as IndexSnapshotPageV1).version).toBe('v1');
        const events = follower.events();
        // Consecutive ids: nothing skipped between the snapshot and the last event.
        const snapshotId = (follower.frames[0]!.data as IndexSnapshotPageV1).last_event_id;
        expect(events.map((e) => e.id)).toEqual(events.map((_, i) => snapshotId + 1 + i));
        for (const key of keys) {
          const story = events.filter((e) => e.key === key).map((e) => `${e.kind} ${e.tier}`);
          expect(story.indexOf('stored dram')).toBeGreaterThanOrEqual(0);
          expect(story.indexOf('removed dram')).toBeGreaterThan(story.indexOf('stored dram'));
          expect(story.lastIndexOf('stored ssd')).toBeGreaterThan(story.indexOf('stored dram'));
        }
      }
      // A subscriber that comes back names the last id it got and is sent only what followed.
      const seen = conductorEvents.frames.filter((f) => f.id !== undefined);
      const resumeAt = seen[Math.max(0, seen.length - 3)]!.id!;
      const resumed = new EventFollower(conductor.httpPort, '/index/v1/events', { ...bearer(TOKEN), 'last-event-id': resumeAt });
      try {
        const wanted = conductorEvents.events().filter((e) => e.id > Number(resumeAt.slice(resumeAt.lastIndexOf(':') + 1)));
        await waitFor('the resumed stream to catch up', async () => (resumed.events().length >= wanted.length ? true : undefined), 20_000);
        expect(resumed.frames.some((f) => f.event === 'snapshot')).toBe(false);
        expect(resumed.events().slice(0, wanted.length)).toEqual(wanted);
      } finally {
        resumed.close();
      }
    } finally {
      conductorEvents.close();
      masterEvents.close();
    }
  }, 120_000);
});
