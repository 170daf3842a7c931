import { tenantSessionId } from './tenant-session';

describe('tenantSessionId', () => {
  it('keeps one tenant\'s session apart from the same id named by another', () => {
    expect(tenantSessionId('acme', 'chat-1')).not.toBe(tenantSessionId('globex', 'chat-1'));
    expect(tenantSessionId('acme', 'chat-1')).toBe(tenantSessionId('acme', 'chat-1'));
  });

  it.each([
    [['a', 'b:c'], ['a:b', 'c']],
    [['', '0:x'], ['0:', 'x']],
  ])('never spells one pair of tenant and id as another: %j and %j', ([tenantA, idA], [tenantB, idB]) => {
    expect(tenantSessionId(tenantA!, idA!)).not.toBe(tenantSessionId(tenantB!, idB!));
  });
});
