import { fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { OpenBlockFiles, type OpenBlockFilesLimits } from './open-block.files';

const header = new Uint8Array(0);

const isOpen = (fd: number): boolean => {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

describe('OpenBlockFiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsukimi-open-files-'));
    writeFileSync(join(dir, 'block'), 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const key = (n: number): BlockKey => blockKeyFromU64(BigInt(n));
  const open = (): number => openSync(join(dir, 'block'), 'r');

  it.each([
    { name: 'the file count', limits: { maxFiles: 2, maxBytes: 1000 }, sizes: [10, 10, 10], kept: [false, true, true] },
    { name: 'the byte count', limits: { maxFiles: 10, maxBytes: 25 }, sizes: [10, 10, 10], kept: [false, true, true] },
    { name: 'a file over the byte limit alone', limits: { maxFiles: 10, maxBytes: 25 }, sizes: [10, 30, 10], kept: [true, false, true] },
    { name: 'no files at all', limits: { maxFiles: 0, maxBytes: 1000 }, sizes: [10], kept: [false] },
  ])('closes the least recently used files beyond $name', ({ limits, sizes, kept }: { limits: OpenBlockFilesLimits; sizes: number[]; kept: boolean[] }) => {
    const files = new OpenBlockFiles(limits);
    // All opened first: a closed descriptor's number would go to the next file opened.
    const opened = sizes.map(open);
    sizes.forEach((sizeBytes, i) => files.keep(key(i), { fd: opened[i] as number, sizeBytes, header }));
    expect(opened.map(isOpen)).toEqual(kept);
    expect(sizes.map((_, i) => files.get(key(i)) !== undefined)).toEqual(kept);
    files.closeAll();
    expect(opened.some(isOpen)).toBe(false);
  });

  it('counts a file read again as recently used, and closes one kept again for the same key', () => {
    const files = new OpenBlockFiles({ maxFiles: 2, maxBytes: 1000 });
    const [first, second, third, again] = [open(), open(), open(), open()];
    files.keep(key(1), { fd: first as number, sizeBytes: 1, header });
    files.keep(key(2), { fd: second as number, sizeBytes: 1, header });
    expect(files.get(key(1))?.fd).toBe(first);
    files.keep(key(3), { fd: third as number, sizeBytes: 1, header });
    expect([first, second, third].map((fd) => isOpen(fd as number))).toEqual([true, false, true]);
    files.keep(key(1), { fd: again as number, sizeBytes: 1, header });
    expect([isOpen(first as number), files.get(key(1))?.fd, files.size]).toEqual([false, again, 2]);
    files.closeAll();
  });
});
