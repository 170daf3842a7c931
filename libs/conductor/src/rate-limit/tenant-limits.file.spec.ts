import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTenantLimits, readTenantLimitsFile } from './tenant-limits.file';
import { UNLIMITED } from './tenant-limits.model';

const defaults = { ...UNLIMITED, requestsPerMinute: 60 };

describe('tenant limits file', () => {
  it('overrides the defaults field by field for the tenants it names', () => {
    const parsed = parseTenantLimits({ tenants: { acme: { tokensPerMinute: 1000, maxConcurrent: 2 }, free: { requestsPerMinute: 5 } } }, defaults);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.limitsOf('acme')).toEqual({ requestsPerMinute: 60, tokensPerMinute: 1000, maxConcurrent: 2 });
    expect(parsed.value.limitsOf('free')).toEqual({ ...UNLIMITED, requestsPerMinute: 5 });
    expect(parsed.value.limitsOf('other')).toEqual(defaults);
    expect([parsed.value.labelOf('acme'), parsed.value.labelOf('other')]).toEqual(['acme', '']);
  });

  it.each<[unknown, string]>([
    [[], 'must be a JSON object with a "tenants" object'],
    [{ tenant: {} }, 'tenant: unknown key (expected "tenants")'],
    [{ tenants: [] }, 'tenants: must be an object of tenant ids'],
    [{ tenants: { '': {} } }, 'tenants.: a tenant id must not be empty'],
    [{ tenants: { acme: 5 } }, 'tenants.acme: must be an object of limits'],
    [{ tenants: { acme: { rpm: 5 } } }, 'tenants.acme.rpm: unknown key (expected one of requestsPerMinute, tokensPerMinute, maxConcurrent)'],
    [{ tenants: { acme: { maxConcurrent: -1 } } }, 'tenants.acme.maxConcurrent: must be a whole number, 0 or more (0: unlimited); got -1'],
    [{ tenants: { acme: { tokensPerMinute: '10' } } }, 'tenants.acme.tokensPerMinute: must be a whole number, 0 or more (0: unlimited); got "10"'],
  ])('refuses %j naming the key', (value, message) => {
    expect(parseTenantLimits(value, defaults)).toEqual({ ok: false, error: message });
  });

  it('reads a file, and names the file when it cannot', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-limits-'));
    try {
      const file = path.join(dir, 'limits.json');
      fs.writeFileSync(file, JSON.stringify({ tenants: { acme: { maxConcurrent: 1 } } }));
      expect(readTenantLimitsFile(file, defaults)).toMatchObject({ ok: true });
      fs.writeFileSync(file, '{"tenants": ');
      expect(readTenantLimitsFile(file, defaults)).toMatchObject({ ok: false, error: expect.stringContaining(`cannot read ${file}:`) });
      fs.writeFileSync(file, JSON.stringify({ tenants: { acme: { maxConcurrent: 0.5 } } }));
      expect(readTenantLimitsFile(file, defaults)).toMatchObject({ ok: false, error: `${file}: tenants.acme.maxConcurrent: must be a whole number, 0 or more (0: unlimited); got 0.5` });
      expect(readTenantLimitsFile(path.join(dir, 'absent.json'), defaults)).toMatchObject({ ok: false, error: expect.stringContaining('ENOENT') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
