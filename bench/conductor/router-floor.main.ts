import { childArgsOrExit } from '../lib/bench-main';
import { benchOption } from '../lib/bench-option';
import { startRouterFloor } from './router-floor.proxy';

/**
 * The router floor as its own process, as the bench starts it:
 * `router-floor.main.ts --prefill HOST:PORT --decode HOST:PORT --model NAME`. Prints
 * `router floor listening on PORT` once it listens; stops on SIGTERM or SIGINT.
 */
const ARGS = {
  bench: 'conductor',
  command: 'router-floor.main.ts',
  summary: 'The router floor: the least a router adds to a request (parse, one prefill call, one decode call, relay), as its own process.',
  options: {
    prefill: benchOption.string({ doc: "The prefill instance's gRPC address, HOST:PORT", required: true }),
    decode: benchOption.string({ doc: "The decode instance's gRPC address, HOST:PORT", required: true }),
    model: benchOption.string({ doc: 'The model name requests carry', required: true }),
  },
} as const;

async function main(): Promise<void> {
  const args = childArgsOrExit(ARGS, process.argv.slice(2));
  const floor = await startRouterFloor({
    prefillAddress: args.prefill,
    decodeAddress: args.decode,
    model: args.model,
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
