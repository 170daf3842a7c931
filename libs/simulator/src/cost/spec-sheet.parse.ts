import { err, ok, type Result } from '@tsukimi/result';
import { MODEL_PRESETS, type ModelSheet } from './model.spec-sheet';
import { NODE_PRESETS, type NodeSheet } from './node.spec-sheet';

/** Which key of a custom sheet is wrong, and why. */
export interface SpecSheetError {
  readonly key: string;
  readonly problem: string;
}

type Rule = 'positive' | 'integer' | 'ratio' | 'reserve';

const MODEL_KEYS: Readonly<Record<Exclude<keyof ModelSheet, 'name'>, Rule>> = {
  layers: 'integer',
  hiddenSize: 'integer',
  attentionHeads: 'integer',
  kvHeads: 'integer',
  parameters: 'positive',
  bytesPerValue: 'positive',
};

const NODE_KEYS: Readonly<Record<Exclude<keyof NodeSheet, 'name'>, Rule>> = {
  gpus: 'integer',
  peakFlopsPerGpu: 'positive',
  hbmBytesPerGpu: 'positive',
  hbmBytesPerSPerGpu: 'positive',
  dramBytes: 'positive',
  ssdBytes: 'positive',
  ssdReadBytesPerS: 'positive',
  networkBytesPerS: 'positive',
  mfu: 'ratio',
  hbmUtilisation: 'ratio',
  hbmReserveRatio: 'reserve',
};

const PROBLEMS: Readonly<Record<Rule, [(n: number) => boolean, string]>> = {
  positive: [(n) => Number.isFinite(n) && n > 0, 'a positive number'],
  integer: [(n) => Number.isSafeInteger(n) && n > 0, 'a positive integer'],
  ratio: [(n) => n > 0 && n <= 1, 'a number in (0, 1]'],
  reserve: [(n) => n >= 0 && n < 1, 'a number in [0, 1)'],
};

/** A preset by name, or a custom sheet: a JSON object with every key, each checked. */
export function modelSheet(nameOrJson: string | unknown): Result<ModelSheet, SpecSheetError> {
  return sheet(nameOrJson, MODEL_PRESETS, MODEL_KEYS);
}

export function nodeSheet(nameOrJson: string | unknown): Result<NodeSheet, SpecSheetError> {
  return sheet(nameOrJson, NODE_PRESETS, NODE_KEYS);
}

function sheet<T extends { readonly name: string }>(value: unknown, presets: Readonly<Record<string, T>>, keys: Readonly<Record<string, Rule>>): Result<T, SpecSheetError> {
  if (typeof value === 'string') {
    const preset = presets[value.toLowerCase()];
    return preset ? ok(preset) : err({ key: '$', problem: `expected one of ${Object.keys(presets).join(', ')} or a JSON file, got ${JSON.stringify(value)}` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err({ key: '$', problem: 'expected a JSON object' });
  const record = value as Record<string, unknown>;
  if (typeof record['name'] !== 'string' || record['name'] === '') return err({ key: 'name', problem: 'expected a non-empty string' });
  for (const key of Object.keys(record)) {
    if (key !== 'name' && !(key in keys)) return err({ key, problem: 'unknown key' });
  }
  for (const [key, rule] of Object.entries(keys)) {
    const n = record[key];
    const [valid, expected] = PROBLEMS[rule];
    if (typeof n !== 'number' || !valid(n)) return err({ key, problem: `expected ${expected}, got ${JSON.stringify(n)}` });
  }
  return ok(record as unknown as T);
}
