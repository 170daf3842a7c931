import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('generated gRPC types', () => {
  it('match the .proto files (run `npm run proto:gen` after editing a contract)', () => {
    const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['proto:gen'] as string;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-proto-'));
    const args = script.split(' ').slice(1).map((a) => (a === 'libs/proto/src/generated' ? out : a));
    execFileSync(path.join(ROOT, 'node_modules/.bin/proto-loader-gen-types'), args, { cwd: ROOT, stdio: 'pipe' });
    const expected = files(out);
    const actual = files(path.join(ROOT, 'libs/proto/src/generated'));
    fs.rmSync(out, { recursive: true, force: true });
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect({ name, text: actual.get(name) }).toEqual({ name, text });
  });
});
