import * as fs from 'node:fs';
import { err, ok, type Result } from '@tsukimi/result';
import { ServiceTokenSet } from './service-token.set';

export interface ServiceTokensFileOptions {
  /** How often the file's mtime is looked at; a change is picked up within about this long. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** The file changed but could not be used (unreadable, empty): the tokens in force stay. */
  readonly onReloadFailed?: (reason: string) => void;
  /** The file changed and its tokens are now in force. */
  readonly onReloaded?: (tokenCount: number) => void;
}

/** What names the file in every message: the flag, since the value is a path and never a token. */
const KEY = '--service-token-file';

/**
 * The service tokens of a file, kept current: the file is re-read whenever its mtime or size
 * changes, so rotation needs no restart. A change that leaves the file unusable is reported and
 * ignored rather than locking every peer out.
 */
export class ServiceTokensFile {
  private set: ServiceTokenSet;
  private stamp: string;
  /** The state of the file last found unusable: reported once, not at every poll. */
  private failedStamp: string | undefined;
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  private constructor(
    private readonly path: string,
    first: { readonly set: ServiceTokenSet; readonly stamp: string },
    private readonly options: ServiceTokensFileOptions,
  ) {
    this.set = first.set;
    this.stamp = first.stamp;
    this.timer = setInterval(() => void this.check(), options.pollIntervalMs ?? 1000);
    // Polling alone must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  /** Reads the file once; the error is one line naming the flag and never quotes the file. */
  static open(path: string, options: ServiceTokensFileOptions = {}): Result<ServiceTokensFile, string> {
    const read = readTokens(path);
    return read.ok ? ok(new ServiceTokensFile(path, read.value, options)) : read;
  }

  /** The token this service sends. */
  sending(): string {
    return this.set.sending();
  }

  /** Every token a peer may send. */
  accepted(): readonly string[] {
    return this.set.accepted();
  }

  /** Whether a peer's token is one of ours; constant-time (see `ServiceTokenSet.accepts`). */
  accepts(presented: string): boolean {
    return this.set.accepts(presented);
  }

  /** Looks at the file now instead of at the next poll. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const stat = await fs.promises.stat(this.path).catch(() => undefined);
      const stamp = stat === undefined ? 'missing' : stampOf(stat);
      if (stamp === this.stamp || stamp === this.failedStamp) return;
      const read = readTokens(this.path);
      if (!read.ok) {
        this.failedStamp = stamp;
        this.options.onReloadFailed?.(read.error);
        return;
      }
      this.failedStamp = undefined;
      this.set = read.value.set;
      this.stamp = read.value.stamp;
      this.options.onReloaded?.(this.set.accepted().length);
    } finally {
      this.checking = false;
    }
  }

  /** Stops polling. */
  close(): void {
    clearInterval(this.timer);
  }
}

function readTokens(path: string): Result<{ readonly set: ServiceTokenSet; readonly stamp: string }, string> {
  let text: string;
  let stamp: string;
  try {
    stamp = stampOf(fs.statSync(path));
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    return err(`${KEY}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const set = ServiceTokenSet.parse(text);
  return set.ok ? ok({ set: set.value, stamp }) : err(`${KEY}: ${path} ${set.error}`);
}

function stampOf(stat: fs.Stats): string {
  return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
}
