import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServiceTokensFile } from './service-tokens.file';

const OLD = 'old-token-0123456789abcdef';
const NEW = 'new-token-fedcba9876543210';

describe('ServiceTokensFile', () => {
  let dir: string;
  let file: string;
  const opened: ServiceTokensFile[] = [];
  const open = (options: Parameters<typeof ServiceTokensFile.open>[1] = {}) => {
    const tokens = ServiceTokensFile.open(file, options);
    if (!tokens.ok) throw new Error(tokens.error);
    opened.push(tokens.value);
    return tokens.value;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-tokens-'));
    file = path.join(dir, 'tokens');
  });
  afterEach(() => {
    opened.splice(0).forEach((tokens) => tokens.close());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rotates without a restart: a token appended is accepted, and sent once it comes first, the old one dropped after', async () => {
    fs.writeFileSync(file, `${OLD}\n`);
    const reloaded: number[] = [];
    const tokens = open({ onReloaded: (count) => reloaded.push(count) });
    expect([tokens.sending(), tokens.accepts(NEW)]).toEqual([OLD, false]);

    fs.appendFileSync(file, `${NEW}\n`);
    await tokens.check();
    expect([tokens.sending(), tokens.accepts(OLD), tokens.accepts(NEW)]).toEqual([OLD, true, true]);

    fs.writeFileSync(file, `${NEW}\n`);
    await tokens.check();
    expect([tokens.sending(), tokens.accepts(OLD), tokens.accepts(NEW)]).toEqual([NEW, false, true]);
    expect(reloaded).toEqual([2, 1]);
  });

  it('picks a change up by itself, polling the file', async () => {
    fs.writeFileSync(file, `${OLD}\n`);
    const tokens = open({ pollIntervalMs: 10 });
    fs.appendFileSync(file, `${NEW}\n`);
    const deadline = Date.now() + 5_000;
    while (!tokens.accepts(NEW) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(tokens.accepts(NEW)).toBe(true);
  });

  it('keeps the tokens in force when the file is emptied or removed, and says why once per change without quoting it', async () => {
    fs.writeFileSync(file, `${OLD}\n`);
    const failures: string[] = [];
    const tokens = open({ onReloadFailed: (reason) => failures.push(reason) });
    fs.writeFileSync(file, '\n');
    await tokens.check();
    await tokens.check();
    fs.rmSync(file);
    await tokens.check();
    await tokens.check();
    expect(tokens.accepts(OLD)).toBe(true);
    expect(failures).toEqual([`--service-token-file: ${file} holds no token`, `--service-token-file: cannot read ${file}: ENOENT`]);
  });

  it.each([
    ['missing', () => undefined, 'cannot read'],
    ['empty', () => fs.writeFileSync(file, ''), 'holds no token'],
  ])('fails to open a %s file with one line naming the flag', (_name, prepare, reason) => {
    prepare();
    const tokens = ServiceTokensFile.open(file);
    expect(tokens.ok).toBe(false);
    if (!tokens.ok) expect(tokens.error).toMatch(new RegExp(`^--service-token-file: .*${reason}[^\\n]*$`));
  });
});
