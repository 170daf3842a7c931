import { instanceId } from '@tsukimi/scheduler';
import { type SessionStore } from './session.store.port';

export interface SessionStoreHarness {
  readonly store: SessionStore;
  /** Another handle on the same sessions, as another conductor replica sees them. */
  readonly rival: SessionStore;
  /** Resolves once the session's entry, untouched since, has lapsed: the memory store's clock moved on, Redis's key expired. */
  lapsed(sessionId: string): Promise<void>;
  close?(): Promise<void>;
}

const P0 = instanceId('prefill-0');
const P1 = instanceId('prefill-1');

/**
 * The behaviour every SessionStore must show; the memory store and the Redis adapter both run it,
 * each test on a fresh store whose entries lapse after `ttlMs`.
 */
export function runSessionStoreContract(name: string, create: (setup: { readonly ttlMs: number }) => Promise<SessionStoreHarness>): void {
  describe(`SessionStore contract: ${name}`, () => {
    let harness: SessionStoreHarness | undefined;
    const open = async (ttlMs = 60_000) => (harness = await create({ ttlMs }));
    afterEach(async () => {
      await harness?.close?.();
      harness = undefined;
    });

    it('knows no instance for a session never recorded', async () => {
      const { store } = await open();
      expect(await store.instanceFor('s1')).toEqual({ ok: true, value: undefined });
    });

    it('answers the recorded instance to every handle on the store', async () => {
      const { store, rival } = await open();
      expect(await store.record('s1', P0)).toEqual({ ok: true, value: undefined });
      expect(await store.instanceFor('s1')).toEqual({ ok: true, value: P0 });
      expect(await rival.instanceFor('s1')).toEqual({ ok: true, value: P0 });
    });

    it.each([
      ['the same handle', false],
      ['another handle', true],
    ])('answers the latest turn\'s instance when %s records again', async (_, fromRival) => {
      const { store, rival } = await open();
      await store.record('s1', P0);
      await (fromRival ? rival : store).record('s1', P1);
      expect(await store.instanceFor('s1')).toEqual({ ok: true, value: P1 });
    });

    it('keeps each session apart', async () => {
      const { store, rival } = await open();
      await store.record('s1', P0);
      await rival.record('s2', P1);
      expect(await rival.instanceFor('s1')).toEqual({ ok: true, value: P0 });
      expect(await store.instanceFor('s2')).toEqual({ ok: true, value: P1 });
    });

    it('forgets a session left untouched past its TTL', async () => {
      const { store, rival, lapsed } = await open(200);
      await store.record('s1', P0);
      await store.record('s2', P1);
      await lapsed('s1');
      expect(await rival.instanceFor('s1')).toEqual({ ok: true, value: undefined });
    });
  });
}
