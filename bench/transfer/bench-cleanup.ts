/**
 * What must be undone however the benchmark ends: children to kill, temp dirs to remove. Runs
 * on a normal exit, on an uncaught error (process.exit in the catch) and on SIGINT, SIGTERM or
 * SIGHUP. Each step is synchronous, since 'exit' handlers cannot wait.
 */
export class ExitCleanup {
  private readonly steps = new Set<() => void>();

  constructor() {
    process.once('exit', () => this.runAll());
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      process.once(signal, () => {
        process.stderr.write(`[bench] ${signal}: stopping children\n`);
        process.exit(code);
      });
    }
  }

  /** Registers `step`; the returned function unregisters it once it was done the ordinary way. */
  add(step: () => void): () => void {
    this.steps.add(step);
    return () => this.steps.delete(step);
  }

  runAll(): void {
    for (const step of [...this.steps].reverse()) {
      try {
        step();
      } catch {
        // One failed step must not keep the others from running.
      }
    }
    this.steps.clear();
  }
}
