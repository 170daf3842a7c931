import { ok, type Result } from '@tsukimi/result';
import { type SequenceStateInvalid } from './sequence-state.errors';
import { type KvElementType, KV_ELEMENT_BYTES, type SequenceStateFrame } from './sequence-state.types';
import { StateCursor } from './state-cursor';

/** "ggsq", `LLAMA_STATE_SEQ_MAGIC`. */
export const LLAMA_STATE_SEQ_MAGIC = 0x67677371;
/** The `LLAMA_STATE_SEQ_VERSION` of the llama.cpp inside node-llama-cpp 3.21.1. */
export const LLAMA_STATE_SEQ_VERSION = 3;
const MAX_STREAMS = 65536;
const ELEMENT_TYPES: readonly (KvElementType | undefined)[] = ['f32', 'f16'];

/**
 * A parsed single-sequence state, as `llama_state_seq_save_file` writes it for a plain KV cache:
 *
 *   u32 magic, u32 version, u32 n_tokens, i32 tokens[n_tokens],
 *   u32 n_stream, then per stream u32 cell_count and, when non-zero,
 *     per cell: i32 pos, u32 n_seq_id (= 1), i32 seq_id;
 *     u32 v_trans, u32 n_layer;
 *     per layer: i32 k_type, u64 k_row_bytes, cell_count K rows;
 *     per layer, V as rows:       i32 v_type, u64 v_row_bytes, cell_count V rows;
 *            or V transposed:     i32 v_type, u32 v_element_bytes, u32 n_embd_v,
 *                                 then per dimension cell_count elements.
 *
 * Cells appear in the cache's cell order, which need not be position order.
 */
export interface SequenceState {
  readonly frame: SequenceStateFrame;
  readonly tokens: readonly number[];
  readonly bytes: Uint8Array;
  /** Where each layer's K data (cell_count rows) starts in `bytes`. */
  readonly keyOffsets: readonly number[];
  /** Where each layer's V data starts in `bytes`. */
  readonly valueOffsets: readonly number[];
  /** Which stored cell holds each position; absent when cell i holds position i, as it usually does. */
  readonly cellOfPosition?: Int32Array;
}

export function readSequenceState(bytes: Uint8Array): Result<SequenceState, SequenceStateInvalid> {
  const cursor = new StateCursor(bytes);
  const magic = cursor.u32();
  if (!magic.ok) return magic;
  if (magic.value !== LLAMA_STATE_SEQ_MAGIC) return cursor.fail('bad-magic', `magic 0x${magic.value.toString(16)}`);
  const version = cursor.u32();
  if (!version.ok) return version;
  if (version.value !== LLAMA_STATE_SEQ_VERSION) return cursor.fail('unsupported-version', `version ${version.value}, this reader knows ${LLAMA_STATE_SEQ_VERSION}`);
  const tokenCount = cursor.u32();
  if (!tokenCount.ok) return tokenCount;
  const tokens: number[] = new Array<number>(tokenCount.value);
  for (let i = 0; i < tokenCount.value; i++) {
    const token = cursor.i32();
    if (!token.ok) return token;
    tokens[i] = token.value;
  }
  const streamCount = cursor.u32();
  if (!streamCount.ok) return streamCount;
  if (streamCount.value < 1 || streamCount.value > MAX_STREAMS) return cursor.fail('streams', `${streamCount.value} streams`);

  let found: Omit<SequenceState, 'tokens' | 'bytes'> | undefined;
  for (let stream = 0; stream < streamCount.value; stream++) {
    const cellCount = cursor.u32();
    if (!cellCount.ok) return cellCount;
    if (cellCount.value === 0) continue;
    if (found) return cursor.fail('streams', 'more than one stream holds cells: not a single-sequence state');
    if (cellCount.value !== tokens.length) return cursor.fail('token-count', `${tokens.length} tokens but ${cellCount.value} cells`);
    const stored = readStream(cursor, cellCount.value, { version: version.value, streamCount: streamCount.value, streamIndex: stream });
    if (!stored.ok) return stored;
    found = stored.value;
  }
  if (!found) return cursor.fail('cells', 'no stream holds cells: an empty sequence has nothing to cut');
  if (cursor.remaining > 0) return cursor.fail('trailing-bytes', `${cursor.remaining} bytes after the KV cache: not a plain KV cache state`);
  return ok({ ...found, tokens, bytes });
}

type FrameStart = Pick<SequenceStateFrame, 'version' | 'streamCount' | 'streamIndex'>;

function readStream(cursor: StateCursor, cellCount: number, start: FrameStart): Result<Omit<SequenceState, 'tokens' | 'bytes'>, SequenceStateInvalid> {
  const cells = readCells(cursor, cellCount);
  if (!cells.ok) return cells;
  const valueTransposed = cursor.u32();
  if (!valueTransposed.ok) return valueTransposed;
  if (valueTransposed.value > 1) return cursor.fail('kv-type', `v_trans ${valueTransposed.value}`);
  const layers = cursor.u32();
  if (!layers.ok) return layers;
  if (layers.value < 1) return cursor.fail('kv-type', 'no layers');

  let dtype: KvElementType | undefined;
  let rowBytes = 0;
  const keyOffsets: number[] = [];
  for (let layer = 0; layer < layers.value; layer++) {
    const type = readElementType(cursor, dtype);
    if (!type.ok) return type;
    dtype = type.value;
    const row = cursor.u64();
    if (!row.ok) return row;
    if (row.value < 1 || row.value % KV_ELEMENT_BYTES[dtype] !== 0 || (layer > 0 && row.value !== rowBytes)) {
      return cursor.fail('row-size', `layer ${layer} K rows of ${row.value} bytes`);
    }
    rowBytes = row.value;
    const data = cursor.skip(cellCount * rowBytes);
    if (!data.ok) return data;
    keyOffsets.push(data.value);
  }
  const elementBytes = KV_ELEMENT_BYTES[dtype!];
  const kvDim = rowBytes / elementBytes;
  const valueOffsets: number[] = [];
  for (let layer = 0; layer < layers.value; layer++) {
    const type = readElementType(cursor, dtype);
    if (!type.ok) return type;
    const size = valueTransposed.value ? readTransposedSize(cursor, elementBytes, kvDim) : cursor.u64();
    if (!size.ok) return size;
    if (size.value !== rowBytes) return cursor.fail('row-size', `layer ${layer} V of ${size.value} bytes per cell, K of ${rowBytes}`);
    const data = cursor.skip(cellCount * rowBytes);
    if (!data.ok) return data;
    valueOffsets.push(data.value);
  }
  const frame: SequenceStateFrame = {
    ...start,
    seqId: cells.value.seqId,
    layers: layers.value,
    kvDim,
    dtype: dtype!,
    valueLayout: valueTransposed.value ? 'transposed' : 'rows',
  };
  return ok({ frame, keyOffsets, valueOffsets, ...(cells.value.cellOfPosition ? { cellOfPosition: cells.value.cellOfPosition } : {}) });
}

function readCells(cursor: StateCursor, cellCount: number): Result<{ seqId: number; cellOfPosition?: Int32Array }, SequenceStateInvalid> {
  const cellOfPosition = new Int32Array(cellCount).fill(-1);
  let inOrder = true;
  let seqId = 0;
  for (let cell = 0; cell < cellCount; cell++) {
    const pos = cursor.i32();
    if (!pos.ok) return pos;
    const sequences = cursor.u32();
    if (!sequences.ok) return sequences;
    if (sequences.value !== 1) return cursor.fail('cells', `cell ${cell} belongs to ${sequences.value} sequences`);
    const id = cursor.i32();
    if (!id.ok) return id;
    if (cell === 0) seqId = id.value;
    else if (id.value !== seqId) return cursor.fail('cells', `cell ${cell} of sequence ${id.value}, cell 0 of ${seqId}`);
    if (pos.value < 0 || pos.value >= cellCount || cellOfPosition[pos.value] !== -1) {
      return cursor.fail('positions', `cell ${cell} at position ${pos.value}: positions must be 0…${cellCount - 1}, each once`);
    }
    cellOfPosition[pos.value] = cell;
    if (pos.value !== cell) inOrder = false;
  }
  return ok(inOrder ? { seqId } : { seqId, cellOfPosition });
}

function readElementType(cursor: StateCursor, expected: KvElementType | undefined): Result<KvElementType, SequenceStateInvalid> {
  const code = cursor.i32();
  if (!code.ok) return code;
  const type = ELEMENT_TYPES[code.value];
  if (type === undefined) return cursor.fail('kv-type', `ggml type ${code.value}: blocks carry F32 or F16 KV only`);
  if (expected !== undefined && type !== expected) return cursor.fail('kv-type', `ggml type ${code.value} beside ${expected}`);
  return ok(type);
}

/** Reads v_element_bytes and n_embd_v; returns the bytes per cell they describe. */
function readTransposedSize(cursor: StateCursor, elementBytes: number, kvDim: number): Result<number, SequenceStateInvalid> {
  const element = cursor.u32();
  if (!element.ok) return element;
  const dims = cursor.u32();
  if (!dims.ok) return dims;
  if (element.value !== elementBytes || dims.value !== kvDim) {
    return cursor.fail('row-size', `transposed V of ${dims.value} × ${element.value}-byte elements, K of ${kvDim} × ${elementBytes}`);
  }
  return ok(element.value * dims.value);
}
