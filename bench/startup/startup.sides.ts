import * as path from 'node:path';

/** How one side starts the kvpool: the Node arguments before the service's own, and the environment it adds. */
export interface StartupSide {
  readonly name: 'compiled' | 'registered' | 'registered_no_cache';
  /** The entry and any loader: a `.ts` entry is run through the runtime hook by the process harness. */
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The service's own arguments, the same on every side: an empty standalone pool node on loopback. */
export const SERVICE_ARGS = ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--data-port', '0'] as const;

/**
 * The three ways to start the same kvpool: the build's JavaScript (`npm run build` into `out`),
 * the TypeScript through the runtime hook with its compile cache warm (as `tsukimi up` and the
 * tests run), and through the hook compiling every file at start (a cold cache).
 */
export function startupSides(root: string, out: string): readonly StartupSide[] {
  const source = path.join(root, 'apps/kvpool/src/main.ts');
  return [
    { name: 'compiled', entry: path.join(out, 'apps/kvpool/src/main.js'), env: {} },
    { name: 'registered', entry: source, env: {} },
    { name: 'registered_no_cache', entry: source, env: { TSUKIMI_COMPILE_CACHE: 'off' } },
  ];
}
