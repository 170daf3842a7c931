import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * Reads one member of a zip file through its central directory, for machines without `unzip`.
 * Handles the stored and deflated methods; ZIP64 archives (over 4 GiB) are out of scope.
 */
export function extractZipEntry(zipPath: string, entryName: string): Buffer {
  const zip = readFileSync(zipPath);
  const end = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_ENTRY) throw new Error(`${zipPath}: broken central directory at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const checksum = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === entryName) return readLocal(zip, localOffset, { method, checksum, compressedSize, size }, entryName);
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${zipPath}: no entry ${entryName}`);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new Error('not a zip file: no end of central directory record');
}

interface EntryFacts {
  method: number;
  checksum: number;
  compressedSize: number;
  size: number;
}

function readLocal(zip: Buffer, offset: number, { method, checksum, compressedSize, size }: EntryFacts, name: string): Buffer {
  if (zip.readUInt32LE(offset) !== LOCAL_HEADER) throw new Error(`${name}: no local header at ${offset}`);
  const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
  const data = zip.subarray(start, start + compressedSize);
  const bytes = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : undefined;
  if (bytes === undefined) throw new Error(`${name}: compression method ${method} is not supported`);
  if (bytes.length !== size) throw new Error(`${name}: ${bytes.length} bytes, the directory says ${size}`);
  if (crc32(bytes) !== checksum) throw new Error(`${name}: CRC-32 differs from the directory's`);
  return bytes;
}
