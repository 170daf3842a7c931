import { MAX_LOOKUP_BLOCKS, parseLookupBody } from './index-lookup.request';

const key = '0123456789abcdef';

describe('parseLookupBody', () => {
  it.each([
    [{ model: 'm', prompt: 'hello' }, { kind: 'prompt', model: 'm', prompt: 'hello' }],
    [{ model: 'm', prompt: [1, 2, 3] }, { kind: 'prompt', model: 'm', prompt: [1, 2, 3] }],
    [{ block_keys: [key] }, { kind: 'keys', keys: [key], model: undefined }],
    [{ block_keys: [key, key], model: 'm' }, { kind: 'keys', keys: [key, key], model: 'm' }],
  ])('reads %j', (body, request) => {
    expect(parseLookupBody(body)).toEqual({ ok: true, value: request });
  });

  it.each([
    [null, null],
    [[key], null],
    [{}, 'block_keys'],
    [{ model: 'm', prompt: 'p', block_keys: [key] }, 'prompt'],
    [{ prompt: 'p' }, 'model'],
    [{ model: '', prompt: 'p' }, 'model'],
    [{ model: 'm', prompt: '' }, 'prompt'],
    [{ model: 'm', prompt: [1, -1] }, 'prompt'],
    [{ model: 'm', prompt: [0.5] }, 'prompt'],
    [{ block_keys: [] }, 'block_keys'],
    [{ block_keys: key }, 'block_keys'],
    [{ block_keys: Array.from({ length: MAX_LOOKUP_BLOCKS + 1 }, () => key) }, 'block_keys'],
    [{ block_keys: [key, '0123456789ABCDEF'] }, 'block_keys[1]'],
    [{ block_keys: [key, 7] }, 'block_keys[1]'],
  ])('refuses %j, naming %s', (body, param) => {
    const parsed = parseLookupBody(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.param).toBe(param);
  });

  it('refuses a prompt where none can be hashed', () => {
    const parsed = parseLookupBody({ model: 'm', prompt: 'p' }, false);
    expect(parsed).toEqual({ ok: false, error: { message: expect.stringContaining('block_keys') as unknown, param: 'prompt' } });
  });
});
