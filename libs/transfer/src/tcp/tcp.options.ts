import { MAX_SLICE_BYTES } from './protocol/frame.format';

/** Settings both ends of the tcp data plane share. */
export interface TcpCommonOptions {
  /**
   * Largest DATA payload this end sends: a big block is cut into slices of this size so others
   * interleave. Default 4 MiB: 16 MiB blocks in 1 MiB slices cost 0.1-0.25 CPU-s/GB more, client
   * and server together (bench/RESULTS.md, transfer). How much a turn writes is TURN_BYTES.
   */
  readonly sliceBytes?: number;
  /** Largest block this end sends or accepts. Default 256 MiB. */
  readonly maxBlockBytes?: number;
  /** Most keys in one READ or WRITE frame. Default 4096. */
  readonly maxKeysPerRequest?: number;
  /** A connection with nothing in flight for this long is closed. Default 120 s. */
  readonly idleTimeoutMs?: number;
  /** Bytes queued on a socket before the sender waits for 'drain'. Default 4 MiB. */
  readonly highWaterMarkBytes?: number;
}

export type CompiledTcpCommonOptions = Required<TcpCommonOptions>;

export const tcpCommonDefaults: CompiledTcpCommonOptions = {
  sliceBytes: 4 * 1024 * 1024,
  maxBlockBytes: 256 * 1024 * 1024,
  maxKeysPerRequest: 4096,
  idleTimeoutMs: 120_000,
  highWaterMarkBytes: 4 * 1024 * 1024,
};

/** Probes idle pooled connections so a peer that vanished is noticed before the next request. */
export const KEEPALIVE_DELAY_MS = 30_000;

/**
 * Fills in defaults and checks every setting. A bad value is a bug in the caller's wiring (user
 * configuration is validated by libs/config first), so it throws, naming the option.
 */
export function compileOptions<T extends object>(defaults: Required<T>, options: T, limits: Partial<Record<keyof T, readonly [number, number]>>): Required<T> {
  const compiled = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) } as Required<T>;
  for (const [name, range] of Object.entries(limits) as [string, readonly [number, number]][]) {
    const value = (compiled as Record<string, unknown>)[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      throw new RangeError(`transfer option ${name} must be an integer in [${range[0]}, ${range[1]}], got ${String(value)}`);
    }
  }
  return compiled;
}

export const tcpCommonLimits = {
  sliceBytes: [4096, MAX_SLICE_BYTES],
  maxBlockBytes: [1, 0xffff_ffff],
  maxKeysPerRequest: [1, 65_536],
  idleTimeoutMs: [1, 86_400_000],
  highWaterMarkBytes: [16 * 1024, 1024 * 1024 * 1024],
} as const;
