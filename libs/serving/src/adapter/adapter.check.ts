import { type Engine } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';

/** A request named a LoRA adapter this instance's engine has not loaded (the conductor's view of it was stale or wrong). */
export interface UnknownAdapter {
  readonly kind: 'unknown-adapter';
  readonly adapter: string;
  readonly message: string;
}

/**
 * The adapter a job runs with, checked against the engine: undefined (or empty, as the wire
 * says "none") for the base model. The engine treats an adapter it lacks as a caller bug, so
 * requests are checked here, where a wrong name is an expected outcome.
 */
export function checkAdapter(engine: Engine, adapter: string | undefined): Result<string | undefined, UnknownAdapter> {
  if (adapter === undefined || adapter === '') return ok(undefined);
  const loaded = engine.info.adapters ?? [];
  if (loaded.some((a) => a.name === adapter)) return ok(adapter);
  const names = loaded.map((a) => a.name).join(', ') || 'none';
  // The message travels back as a gRPC status, in a header: a name of any length must not make it too long to send.
  const shown = adapter.length > 80 ? `${adapter.slice(0, 80)}…` : adapter;
  return err({ kind: 'unknown-adapter', adapter, message: `this instance has no LoRA adapter '${shown}' (loaded: ${names})` });
}
