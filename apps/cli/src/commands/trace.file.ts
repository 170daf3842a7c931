import * as fs from 'node:fs';
import { UsageError } from '../cli-command';

/** A trace file opened for one streamed pass, telling how much of it has been read. */
export interface OpenTrace {
  readonly chunks: AsyncIterable<Buffer>;
  /** Bytes read over the file's size: the replay's progress, since the request count is not known ahead. */
  readFraction(): number;
  close(): Promise<void>;
}

export async function openTrace(tracePath: string): Promise<OpenTrace> {
  const file = await fs.promises.open(tracePath).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read trace ${tracePath}: ${error.code ?? error.message}`);
  });
  const { size } = await file.stat();
  let bytesRead = 0;
  const stream = file.createReadStream({ autoClose: false });
  async function* counted(): AsyncIterable<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  return {
    chunks: counted(),
    readFraction: () => (size === 0 ? 1 : bytesRead / size),
    close: () => file.close(),
  };
}
