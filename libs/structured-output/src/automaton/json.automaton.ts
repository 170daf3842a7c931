import { type SchemaNode } from '../schema/schema-node';
import { stepArray } from './array.frame';
import { type Frame, type ObjectFrame, type Step } from './frame';
import { literalCanEnd, literalResult, stepLiteral } from './literal.frame';
import { numberCanEnd, stepNumber } from './number.frame';
import { objectKeyWritten, stepObject } from './object.frame';
import { openValue } from './open-value';
import { stepString } from './string.frame';

/** A stack of frames, innermost first. */
export interface Stack {
  readonly frame: Frame;
  readonly parent: Stack | null;
}

/** One way the text so far can be read: a stack, or 'complete' once the top-level value is written. */
export type Config = Stack | 'complete';

/**
 * The character-level JSON pushdown automaton, nondeterministic where a schema is (anyOf,
 * type lists): its state is the set of configs the text so far allows. Empty set: the
 * text cannot become valid output.
 */
export function startConfigs(root: SchemaNode): readonly Config[] {
  return openValue(root).map((frame) => ({ frame, parent: null }));
}

/** The configs after one more byte. */
export function advance(configs: readonly Config[], byte: number): readonly Config[] {
  const out: Config[] = [];
  for (const config of configs) feed(config, byte, out);
  return out.length > 1 ? dedupe(out) : out;
}

/** Whether the text so far is a complete value (a top-level number may also go on). */
export function canFinish(configs: readonly Config[]): boolean {
  return configs.some(finishes);
}

function feed(config: Config, byte: number, out: Config[]): void {
  if (config === 'complete') return;
  for (const step of stepFrame(config.frame, byte)) {
    switch (step.kind) {
      case 'stay':
        out.push({ frame: step.frame, parent: config.parent });
        break;
      case 'push': {
        const waiting: Stack = { frame: step.frame, parent: config.parent };
        for (const child of step.children) feed({ frame: child, parent: waiting }, byte, out);
        break;
      }
      case 'close': {
        const up = complete(config.parent, step.result);
        if (up) out.push(up);
        break;
      }
      case 'end': {
        const up = complete(config.parent, step.result);
        if (up) feed(up, byte, out);
        break;
      }
    }
  }
}

/** The enclosing frame once its child value is written; undefined when the child's result is refused there. */
function complete(parent: Stack | null, result: string | null): Config | undefined {
  if (parent === null) return 'complete';
  const { frame } = parent;
  if (frame.kind !== 'object' || frame.phase !== 'key') return parent;
  const next = objectKeyWritten(frame, result!);
  return next ? { frame: next, parent: parent.parent } : undefined;
}

function finishes(config: Config): boolean {
  for (let at: Config | undefined = config; ; ) {
    if (at === undefined) return false;
    if (at === 'complete') return true;
    const { frame } = at;
    if (frame.kind === 'number' ? !numberCanEnd(frame) : frame.kind === 'literal' ? !literalCanEnd(frame) : true) return false;
    at = complete(at.parent, frame.kind === 'literal' ? literalResult(frame) : null);
  }
}

function stepFrame(frame: Frame, byte: number): readonly Step[] {
  switch (frame.kind) {
    case 'object':
      return stepObject(frame, byte);
    case 'array':
      return stepArray(frame, byte);
    case 'string':
      return stepString(frame, byte);
    case 'number':
      return stepNumber(frame, byte);
    case 'literal':
      return stepLiteral(frame, byte);
  }
}

/**
 * When every config is in the body of a string: how many more code points of plain
 * content (no quote, backslash or control byte) could follow. Null otherwise.
 */
export function plainStringRoom(configs: readonly Config[]): number | null {
  let room = -1;
  for (const config of configs) {
    if (config === 'complete' || config.frame.kind !== 'string' || config.frame.phase !== 'body') return null;
    room = Math.max(room, config.frame.node.maxLength - config.frame.count);
  }
  return room < 0 ? null : room;
}

/** A string naming the state: equal for states that allow exactly the same continuations. */
export function configsKey(configs: readonly Config[]): string {
  return configs.map(configKey).join('||');
}

function dedupe(configs: Config[]): Config[] {
  const seen = new Set<string>();
  return configs.filter((config) => {
    const key = configKey(config);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function configKey(config: Config): string {
  if (config === 'complete') return 'complete';
  let key = '';
  for (let at: Stack | null = config; at; at = at.parent) key += frameKey(at.frame, keyMatters(at)) + '|';
  return key;
}

/**
 * Whether a key being written can change what follows: not in an object with no declared
 * properties, where every key takes the same schema (free keys come only after the
 * required ones). Leaving such keys out of the state's name lets json_object reuse masks.
 */
function keyMatters(at: Stack): boolean {
  const parent = at.parent?.frame;
  return !(parent?.kind === 'object' && parent.node.properties.size === 0);
}

/** Once its required keys are written, an object with no declared properties treats every further key alike. */
function seenMatters(frame: ObjectFrame): boolean {
  return frame.node.properties.size > 0 || !frame.node.required.every((name) => frame.seen.includes(name));
}

const textIds = new WeakMap<readonly Uint8Array[], number>();
let nextTextId = 0;

function frameKey(frame: Frame, keyMatters: boolean): string {
  switch (frame.kind) {
    case 'object':
      return `o${frame.node.id},${frame.phase},${frame.ws},${frame.value?.id},${seenMatters(frame) ? frame.seen.join('\u0001') : '*'}`;
    case 'array':
      return `a${frame.node.id},${frame.phase},${frame.ws},${frame.count}`;
    case 'string':
      return `s${frame.node.id},${frame.phase},${frame.count},${frame.pending},${frame.lo},${frame.hi},${keyMatters ? frame.capture : ''}`;
    case 'number':
      return `n${frame.integer},${frame.phase},${frame.digits}`;
    case 'literal': {
      let id = textIds.get(frame.texts);
      if (id === undefined) textIds.set(frame.texts, (id = nextTextId++));
      return `l${id},${frame.pos},${frame.candidates.join(',')}`;
    }
  }
}
