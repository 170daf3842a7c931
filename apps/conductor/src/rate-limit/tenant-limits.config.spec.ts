import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tenantLimitTable } from './tenant-limits.config';

describe('tenantLimitTable', () => {
  const flags = { tenantRequestsPerMinute: 60, tenantTokensPerMinute: 0, tenantMaxConcurrent: 4 };

  it('gives every tenant the flags\' limits without a file, and limits nothing when every flag is 0', () => {
    const table = tenantLimitTable(flags);
    expect(table.ok && table.value.limitsOf('anyone')).toEqual({ requestsPerMinute: 60, tokensPerMinute: 0, maxConcurrent: 4 });
    const none = tenantLimitTable({ tenantRequestsPerMinute: 0, tenantTokensPerMinute: 0, tenantMaxConcurrent: 0 });
    expect(none.ok && none.value.limitsAnything).toBe(false);
  });

  it('names the option, the file and the key of a bad limits file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-limits-config-'));
    try {
      const file = path.join(dir, 'limits.json');
      fs.writeFileSync(file, JSON.stringify({ tenants: { acme: { maxConcurrent: -2 } } }));
      expect(tenantLimitTable({ ...flags, tenantLimitsFile: file })).toEqual({
        ok: false,
        error: `tenantLimitsFile: ${file}: tenants.acme.maxConcurrent: must be a whole number, 0 or more (0: unlimited); got -2`,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
