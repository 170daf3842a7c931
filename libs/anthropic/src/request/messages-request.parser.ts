import { err, isJsonObject, type JsonObject, ok } from '@tsukimi/result';
import { readTextContent } from './content-block.reader';
import {
  fault,
  onlyKnown,
  optionalField,
  pathOf,
  readArray,
  readBoolean,
  readInteger,
  readNumber,
  readObject,
  readString,
  requiredField,
  type Read,
} from './field.reader';
import {
  type CacheBreakpoint,
  MAX_CACHE_BREAKPOINTS,
  type MessagesLimits,
  type MessagesRequest,
  type MessageRole,
  type MessageTurn,
  type TextBlock,
} from './messages-request.model';

const FIELDS = ['model', 'max_tokens', 'messages', 'system', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'stream', 'metadata', 'tools', 'tool_choice', 'thinking', 'service_tier'];
const ROLES: readonly MessageRole[] = ['user', 'assistant'];

/**
 * Validates a `POST /v1/messages` body (already JSON-parsed). Text content only: tools,
 * thinking, images and documents are refused, naming the field. Every fault names its field by
 * the dotted path Anthropic's API uses, first in the message.
 */
export function parseMessagesRequest(body: unknown, limits: MessagesLimits): Read<MessagesRequest> {
  if (!isJsonObject(body)) return err({ param: '', message: 'The request body must be a JSON object' });
  const known = onlyKnown(body, FIELDS, '');
  if (!known.ok) return known;
  const unsupported = refuseTools(body);
  if (!unsupported.ok) return unsupported;
  const model = requiredField(body, 'model', '', readString);
  if (!model.ok) return model;
  const maxTokens = requiredField(body, 'max_tokens', '', (v, p) => readInteger(v, p, 1, limits.maxTokens));
  if (!maxTokens.ok) return maxTokens;
  const messages = requiredField(body, 'messages', '', (v, p) => readTurns(v, p, limits.maxMessages));
  if (!messages.ok) return messages;
  const system = optionalField(body, 'system', '', readTextContent, []);
  if (!system.ok) return system;
  const stops = optionalField(body, 'stop_sequences', '', (v, p) => readStops(v, p, limits), []);
  if (!stops.ok) return stops;
  const temperature = optionalField(body, 'temperature', '', (v, p) => readNumber(v, p, { min: 0, max: 1 }), 1);
  if (!temperature.ok) return temperature;
  const topP = optionalField(body, 'top_p', '', (v, p) => readNumber(v, p, { min: 0, max: 1, minExclusive: true }), 1);
  if (!topP.ok) return topP;
  const topK = optionalField(body, 'top_k', '', (v, p) => readInteger(v, p, 0), 0);
  if (!topK.ok) return topK;
  const stream = optionalField(body, 'stream', '', readBoolean, false);
  if (!stream.ok) return stream;
  const userId = optionalField<string | undefined>(body, 'metadata', '', readMetadata, undefined);
  if (!userId.ok) return userId;
  const breakpoints = findBreakpoints(system.value, messages.value);
  if (!breakpoints.ok) return breakpoints;
  return ok({
    model: model.value,
    maxTokens: maxTokens.value,
    system: system.value,
    messages: messages.value,
    stopSequences: stops.value,
    temperature: temperature.value,
    topP: topP.value,
    topK: topK.value,
    stream: stream.value,
    ...(userId.value === undefined ? {} : { userId: userId.value }),
    ...breakpoints.value,
  });
}

/** Tools and extended thinking change what a turn is; they may be sent only switched off. */
function refuseTools(body: JsonObject): Read<void> {
  if (Array.isArray(body['tools']) && body['tools'].length > 0) return err(fault('tools', 'tools are not supported: this server does not run tools'));
  if (isJsonObject(body['tool_choice']) && !['auto', 'none'].includes(String(body['tool_choice']['type']))) {
    return err(fault('tool_choice.type', 'tools are not supported: only auto and none are accepted'));
  }
  if (isJsonObject(body['thinking']) && body['thinking']['type'] !== 'disabled') return err(fault('thinking.type', 'extended thinking is not supported: only disabled is accepted'));
  return ok(undefined);
}

function readTurns(value: unknown, param: string, maxMessages: number): Read<readonly MessageTurn[]> {
  const list = readArray(value, param);
  if (!list.ok) return list;
  if (list.value.length === 0) return err(fault(param, 'at least one message is required'));
  if (list.value.length > maxMessages) return err(fault(param, `at most ${maxMessages} messages are supported, but got ${list.value.length}`));
  const turns: MessageTurn[] = [];
  for (const [i, item] of list.value.entries()) {
    const turn = readTurn(item, pathOf(param, i));
    if (!turn.ok) return turn;
    turns.push(turn.value);
  }
  if (turns[turns.length - 1]!.role !== 'user') {
    return err(fault(pathOf(param, turns.length - 1), 'the last message must have role user: continuing a prefilled assistant turn is not supported'));
  }
  return ok(turns);
}

function readTurn(value: unknown, param: string): Read<MessageTurn> {
  const object = readObject(value, param);
  if (!object.ok) return object;
  const known = onlyKnown(object.value, ['role', 'content'], param);
  if (!known.ok) return known;
  const role = requiredField(object.value, 'role', param, readString);
  if (!role.ok) return role;
  const chosen = ROLES.find((r) => r === role.value);
  if (chosen === undefined) return err(fault(pathOf(param, 'role'), "Input should be 'user' or 'assistant'"));
  const content = requiredField(object.value, 'content', param, readTextContent);
  if (!content.ok) return content;
  if (content.value.length === 0) return err(fault(pathOf(param, 'content'), 'messages must have non-empty content'));
  return ok({ role: chosen, content: content.value });
}

function readStops(value: unknown, param: string, limits: MessagesLimits): Read<readonly string[]> {
  const list = readArray(value, param);
  if (!list.ok) return list;
  if (list.value.length > limits.maxStopSequences) return err(fault(param, `at most ${limits.maxStopSequences} stop sequences are supported, but got ${list.value.length}`));
  const stops: string[] = [];
  for (const [i, item] of list.value.entries()) {
    const stop = readString(item, pathOf(param, i));
    if (!stop.ok) return stop;
    if (stop.value === '') return err(fault(pathOf(param, i), 'stop sequences must be non-empty'));
    if (stop.value.length > limits.maxStopSequenceChars) return err(fault(pathOf(param, i), `at most ${limits.maxStopSequenceChars} characters are supported`));
    stops.push(stop.value);
  }
  return ok(stops);
}

/** `metadata`: only `user_id`, a string, is read. */
function readMetadata(value: unknown, param: string): Read<string | undefined> {
  const object = readObject(value, param);
  if (!object.ok) return object;
  const known = onlyKnown(object.value, ['user_id'], param);
  if (!known.ok) return known;
  return optionalField<string | undefined>(object.value, 'user_id', param, readString, undefined);
}

type Breakpoints = Pick<MessagesRequest, 'lastBreakpoint' | 'lastOneHourBreakpoint'>;

/**
 * The last block with `cache_control` in prompt order (system, then each message), and the last
 * with a `1h` ttl. As in Anthropic's API, more than four marks is a fault, and so is a `1h` mark
 * after a `5m` one (a longer-lived prefix cannot extend a shorter-lived one).
 */
function findBreakpoints(system: readonly TextBlock[], messages: readonly MessageTurn[]): Read<Breakpoints> {
  const marked: (CacheBreakpoint & { ttl: '5m' | '1h' })[] = [
    ...system.flatMap((b, block) => (b.cacheControl ? [{ in: 'system' as const, block, ttl: b.cacheControl.ttl }] : [])),
    ...messages.flatMap((m, message) => m.content.flatMap((b, block) => (b.cacheControl ? [{ in: 'messages' as const, message, block, ttl: b.cacheControl.ttl }] : []))),
  ];
  const paramOf = (at: CacheBreakpoint) => (at.in === 'system' ? `system.${at.block}.cache_control` : `messages.${at.message}.content.${at.block}.cache_control`);
  if (marked.length > MAX_CACHE_BREAKPOINTS) {
    return err(fault(paramOf(marked[marked.length - 1]!), `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${marked.length}.`));
  }
  const firstShort = marked.findIndex((m) => m.ttl === '5m');
  const lateLong = marked.findIndex((m, i) => m.ttl === '1h' && firstShort >= 0 && i > firstShort);
  if (lateLong >= 0) return err(fault(`${paramOf(marked[lateLong]!)}.ttl`, "a '1h' cache entry must come before every '5m' one"));
  const at = ({ ttl: _ttl, ...point }: CacheBreakpoint & { ttl: string }): CacheBreakpoint => point;
  const last = marked[marked.length - 1];
  const lastLong = marked.filter((m) => m.ttl === '1h').pop();
  return ok({ ...(last ? { lastBreakpoint: at(last) } : {}), ...(lastLong ? { lastOneHourBreakpoint: at(lastLong) } : {}) });
}
