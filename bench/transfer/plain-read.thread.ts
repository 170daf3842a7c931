import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { type PlainReadAsk, type PlainReadSettings, type PlainReadTell } from './plain-read.protocol';

// One plain-read thread: synchronous open, positioned reads of the known size into the asked
// slot of the memory shared with the main thread, close. Blocking here blocks only this thread.
const settings = workerData as PlainReadSettings;
const memory = new Uint8Array(settings.memory);
const port = parentPort;

function readInto(path: string, slot: Uint8Array): number {
  const fd = openSync(path, 'r');
  try {
    let filled = 0;
    while (filled < slot.length) {
      const bytesRead = readSync(fd, slot, filled, slot.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  } finally {
    closeSync(fd);
  }
}

port?.on('message', ({ id, path, slot }: PlainReadAsk) => {
  let tell: PlainReadTell;
  try {
    tell = { id, filled: readInto(path, memory.subarray(slot * settings.slotBytes, (slot + 1) * settings.slotBytes)) };
  } catch (error) {
    tell = { id, failed: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(tell);
});
