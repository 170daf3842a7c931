import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type EngineTimings } from '@tsukimi/serving';
import { type EngineSettings } from './engine.loader';

const SCHEMA = 'tsukimi.engine-timings/v1';

/**
 * How long timings kept in the cache stand for this host's engine. A day bounds how long a
 * change the key cannot see (a rebuilt kernel, a new microcode, a busier host) goes unmeasured.
 */
export const ENGINE_TIMINGS_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Where timings come from: timed now, or read back from an earlier start's measurement. */
export type EngineTimingsSource = 'measured' | 'cache';

/** The bytes of a file its key reads: a GGUF's header (shapes and types) is in its first bytes. */
const HEAD_BYTES = 1 << 20;

/**
 * A file by its size and first mebibyte: what its compute cost depends on (a model's shapes and
 * types, in its header), not where it lies or which weights it holds. Reading the head, not the
 * whole file, keeps the key cheap for a model of many gigabytes.
 */
function fileFacts(file: string): unknown {
  let handle: number | undefined;
  try {
    handle = fs.openSync(file, 'r');
    const bytes = fs.fstatSync(handle).size;
    const head = Buffer.alloc(Math.min(bytes, HEAD_BYTES));
    fs.readSync(handle, head, 0, head.length, 0);
    return { bytes, head: crypto.createHash('sha256').update(head).digest('hex') };
  } catch {
    return { missing: file };
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

/**
 * What the timings depend on: the engine and every setting of it, the files it loads (by their
 * contents, see {@link fileFacts}, so the same model under another path is the same) and the machine and runtime timing it. Two starts with the same identity time
 * the same computation on the same hardware.
 */
function identity(settings: EngineSettings): unknown {
  const sheet = (value: string | undefined) => (value?.endsWith('.json') ? fileFacts(value) : value);
  const cpus = os.cpus();
  return {
    schema: SCHEMA,
    engine: settings.engine,
    model: fileFacts(settings.modelPath),
    // Named one by one: the settings arrive with the whole service's config, ports and all.
    settings: [
      settings.blockSizeTokens,
      settings.arenaBlocks,
      settings.prefillChunkTokens,
      settings.threads,
      settings.contextTokens,
      settings.batchTokens,
      settings.sequences,
      settings.kvDtype,
      settings.flashAttention,
      settings.gpu,
      settings.simulatedTimeScale,
    ],
    lora: (settings.lora ?? []).map((item) => ({ name: item.slice(0, item.indexOf('=')), file: fileFacts(item.slice(item.indexOf('=') + 1)) })),
    sheets: [sheet(settings.simulatedModel), sheet(settings.simulatedHardware), sheet(settings.simulatedProfile)],
    host: { name: os.hostname(), cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryBytes: os.totalmem(), arch: process.arch, runtime: process.version },
  };
}

/** The cache file's name for these settings on this host. */
export function engineTimingsKey(settings: EngineSettings): string {
  return crypto.createHash('sha256').update(JSON.stringify(identity(settings))).digest('hex');
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function validTimings(value: unknown): value is EngineTimings {
  if (typeof value !== 'object' || value === null) return false;
  const { prefill, decode } = value as Record<string, unknown>;
  return (
    Array.isArray(prefill) &&
    prefill.length > 0 &&
    prefill.every((s: Record<string, unknown>) => finite(s?.['promptTokens']) && finite(s?.['reusedTokens']) && finite(s?.['ms'])) &&
    Array.isArray(decode) &&
    decode.every((s: Record<string, unknown>) => finite(s?.['batchSize']) && finite(s?.['contextTokens']) && finite(s?.['stepMs']))
  );
}

/** Timings kept under `key`, unless missing, unreadable, malformed, for another key or too old. */
function read(file: string, key: string, nowMs: number): EngineTimings | undefined {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const { schema, key: keptKey, measuredAtMs, timings } = document as Record<string, unknown>;
  if (schema !== SCHEMA || keptKey !== key || !finite(measuredAtMs) || nowMs - measuredAtMs > ENGINE_TIMINGS_MAX_AGE_MS) return undefined;
  return validTimings(timings) ? timings : undefined;
}

/** Keeps `timings` for the next start; a directory that cannot be written only means timing again next time. */
function write(dir: string, file: string, key: string, timings: EngineTimings, nowMs: number): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside and renamed: instances starting together never read half a file.
    const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(partial, JSON.stringify({ schema: SCHEMA, key, measuredAtMs: nowMs, timings }));
    fs.renameSync(partial, file);
  } catch {
    // Read-only or full: the timings stand for this start all the same.
  }
}

/**
 * The engine's timings, read from `dir` when an earlier start on this host measured the same
 * engine and settings less than {@link ENGINE_TIMINGS_MAX_AGE_MS} ago, else measured by `measure`
 * and kept there. Timing an engine costs a start hundreds of milliseconds of compute (seconds
 * for a large model), so a restarted instance skips it; with no `dir` (or an empty one), every
 * start measures.
 */
export async function engineTimings(
  dir: string | undefined,
  settings: EngineSettings,
  measure: () => Promise<EngineTimings>,
  nowMs: () => number = Date.now,
): Promise<{ readonly timings: EngineTimings; readonly source: EngineTimingsSource }> {
  if (dir === undefined || dir === '') return { timings: await measure(), source: 'measured' };
  const key = engineTimingsKey(settings);
  const file = path.join(dir, `${key}.json`);
  const kept = read(file, key, nowMs());
  if (kept !== undefined) return { timings: kept, source: 'cache' };
  const timings = await measure();
  write(dir, file, key, timings, nowMs());
  return { timings, source: 'measured' };
}
