import { type SharedSecrets } from '../tcp/handshake/shared-secret.port';

export interface RelayOptions {
  /** Proves and checks the service token before any frame; absent: connections open without a handshake. */
  readonly secrets?: SharedSecrets;
  /** Longest a connection may take to open (TCP and handshake) before its streams fail. Default 5000. */
  readonly connectTimeoutMs?: number;
  /** Largest frame body either end accepts. Default 16 MiB. */
  readonly maxFrameBytes?: number;
}

export interface CompiledRelayOptions {
  readonly secrets: SharedSecrets | undefined;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
}

export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Defaults filled in and checked in one step; a bad value is a bug in the caller, named by its key. */
export function compileRelayOptions(options: RelayOptions = {}): CompiledRelayOptions {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (!(Number.isInteger(connectTimeoutMs) && connectTimeoutMs > 0)) throw new RangeError(`relay connectTimeoutMs must be a positive integer, got ${connectTimeoutMs}`);
  if (!(Number.isInteger(maxFrameBytes) && maxFrameBytes >= 16)) throw new RangeError(`relay maxFrameBytes must be an integer >= 16, got ${maxFrameBytes}`);
  return { secrets: options.secrets, connectTimeoutMs, maxFrameBytes };
}
