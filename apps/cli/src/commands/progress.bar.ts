/** Where progress goes: stderr, or anything shaped like it. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** A terminal bar is redrawn at most this often; more would only cost time. */
const TTY_REDRAW_MS = 100;
/** Without a terminal (a log, a pipe), one plain line at most this often, so a long replay shows it is moving. */
const LINE_INTERVAL_MS = 2_000;
const BAR_WIDTH = 30;

/**
 * Progress of a long run on stderr: on a terminal, one bar redrawn in place; otherwise a plain
 * line now and then, since carriage returns make a mess of a log file. Short runs print nothing
 * off a terminal.
 */
export class ProgressBar {
  private lastMs: number;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly label: string,
    private readonly clockMs: () => number = Date.now,
  ) {
    this.lastMs = clockMs();
  }

  /** `fraction` of the work done (0 to 1) and a few words on where it stands. */
  update(fraction: number, detail: string): void {
    const nowMs = this.clockMs();
    const percent = `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
    if (this.sink.isTTY) {
      if (this.drawn && nowMs - this.lastMs < TTY_REDRAW_MS) return;
      this.lastMs = nowMs;
      this.drawn = true;
      this.sink.write(`\r${this.bar(fraction)} ${percent.padStart(4)} ${this.label}: ${detail}\x1b[K`);
      return;
    }
    if (nowMs - this.lastMs < LINE_INTERVAL_MS) return;
    this.lastMs = nowMs;
    this.sink.write(`${this.label}: ${percent}, ${detail}\n`);
  }

  /** Ends the bar's line on a terminal, so what follows starts on its own. */
  done(): void {
    if (this.sink.isTTY && this.drawn) this.sink.write(`\r${this.bar(1)} 100% ${this.label}\x1b[K\n`);
  }

  private bar(fraction: number): string {
    const width = Math.max(10, Math.min(BAR_WIDTH, (this.sink.columns ?? 80) - 50));
    const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
  }
}
