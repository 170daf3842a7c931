import { err, isJsonObject, ok, type Result } from '@tsukimi/result';
import { ADMISSION_NAMES } from '../admission/admission.registry';
import { type AdmissionName } from '../admission/admission.port';
import { type ConfigProblem } from './plugin-parameters';

/** One plugin in a profile: its type string and the parameters its factory reads. */
export interface PluginRef {
  readonly type: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

export interface ScorerRef extends PluginRef {
  /** What the scorer's 0–1 scores are multiplied by before they are summed; 1 when absent. */
  readonly weight?: number;
}

/** How one role picks its instance: filters in order, weighted scorers, one picker. */
export interface RoleProfileConfig {
  /** Reported as the decision's `policy`; the first scorer's type, else the picker's, when absent. */
  readonly name?: string;
  readonly filters?: readonly PluginRef[];
  readonly scorers?: readonly ScorerRef[];
  readonly picker: PluginRef;
}

/** The scheduler as configuration: a profile per role and the admission stage. */
export interface SchedulerProfileConfig {
  readonly prefill: RoleProfileConfig;
  readonly decode: RoleProfileConfig;
  /** Overrides the admission configured elsewhere when present. */
  readonly admission?: AdmissionName;
}

/**
 * Checks that a parsed JSON value has the shape of a scheduler profile; whether each plugin
 * type exists and its parameters are right is checked when the profile is built.
 */
export function parseSchedulerProfile(value: unknown): Result<SchedulerProfileConfig, ConfigProblem> {
  if (!isJsonObject(value)) return err({ key: '(root)', message: 'must be an object with prefill and decode profiles' });
  const extra = Object.keys(value).find((k) => !['prefill', 'decode', 'admission'].includes(k));
  if (extra !== undefined) return err({ key: extra, message: 'is not a key of a scheduler profile (prefill, decode, admission)' });
  const admission = value['admission'];
  if (admission !== undefined && !ADMISSION_NAMES.includes(admission as AdmissionName)) return err({ key: 'admission', message: `must be one of ${ADMISSION_NAMES.join(', ')}` });
  const prefill = roleProblem(value['prefill'], 'prefill');
  if (prefill !== undefined) return err(prefill);
  const decode = roleProblem(value['decode'], 'decode');
  if (decode !== undefined) return err(decode);
  return ok(value as unknown as SchedulerProfileConfig);
}

function roleProblem(value: unknown, key: string): ConfigProblem | undefined {
  if (!isJsonObject(value)) return { key, message: 'must be an object with a picker, and optional filters and scorers' };
  const extra = Object.keys(value).find((k) => !['name', 'filters', 'scorers', 'picker'].includes(k));
  if (extra !== undefined) return { key: `${key}.${extra}`, message: 'is not a key of a profile (name, filters, scorers, picker)' };
  if (value['name'] !== undefined && typeof value['name'] !== 'string') return { key: `${key}.name`, message: 'must be a string' };
  for (const list of ['filters', 'scorers'] as const) {
    const entries = value[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) return { key: `${key}.${list}`, message: 'must be a list' };
    for (const [i, entry] of entries.entries()) {
      const problem = refProblem(entry, `${key}.${list}[${i}]`, list === 'scorers');
      if (problem !== undefined) return problem;
    }
  }
  if (value['picker'] === undefined) return { key: `${key}.picker`, message: 'is required' };
  return refProblem(value['picker'], `${key}.picker`, false);
}

function refProblem(value: unknown, key: string, weighted: boolean): ConfigProblem | undefined {
  if (!isJsonObject(value)) return { key, message: 'must be an object with a type' };
  const allowed = weighted ? ['type', 'parameters', 'weight'] : ['type', 'parameters'];
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) return { key: `${key}.${extra}`, message: `is not a key here (${allowed.join(', ')})` };
  if (typeof value['type'] !== 'string' || value['type'] === '') return { key: `${key}.type`, message: 'must be a plugin type string' };
  if (value['parameters'] !== undefined && !isJsonObject(value['parameters'])) return { key: `${key}.parameters`, message: 'must be an object' };
  const weight = value['weight'];
  if (weight !== undefined && !(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)) return { key: `${key}.weight`, message: 'must be a number, 0 or more' };
  return undefined;
}
