import { runChildMain, serveChildRpc } from '../child-rpc.server';
import { type EchoRequest } from './echo-child.protocol';

/**
 * Child process for child-rpc.int-spec.ts. Usage: node -r tools/runtime/register.js echo-child.main.ts [EXTRA_ARG]:
 * `EXTRA_ARG`, when given, is echoed back by `{ op: 'echo', value: 'argv' }`.
 */
async function handle(request: EchoRequest): Promise<unknown> {
  switch (request.op) {
    case 'echo':
      return request.value === 'argv' ? process.argv.slice(2) : request.value;
    case 'fail':
      throw new Error(request.message);
    case 'nothing':
      return undefined;
    case 'noise':
      process.stdout.write(`${request.line}\n`);
      return request.value;
    case 'die':
      process.stderr.write(request.stderr);
      return new Promise<never>(() => process.exit(request.code));
  }
}

runChildMain('echo child', () => serveChildRpc(handle));
