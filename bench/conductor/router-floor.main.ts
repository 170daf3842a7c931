import { startRouterFloor } from './router-floor.proxy';

/**
 * The router floor as its own process, as the bench starts it:
 * `router-floor.main.ts --prefill HOST:PORT --decode HOST:PORT --model NAME`. Prints
 * `router floor listening on PORT` once it listens; stops on SIGTERM or SIGINT.
 */
function flag(name: string): string {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  if (value === undefined || value.startsWith('--')) {
    process.stderr.write(`router floor: ${name} is required (--prefill HOST:PORT --decode HOST:PORT --model NAME)\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const floor = await startRouterFloor({
    prefillAddress: flag('--prefill'),
    decodeAddress: flag('--decode'),
    model: flag('--model'),
    port: 0,
    timeoutMs: 30_000,
    onFailure: (error) => process.stderr.write(`router floor: a request failed: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  const stop = () => void floor.close().then(() => process.exit(0));
  process.once('SIGTERM', stop).once('SIGINT', stop);
  process.stdout.write(`router floor listening on ${floor.port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`router floor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
