/**
 * The tcp data plane's frame layout. Every frame is
 *   [u32 frameBytes][u8 op][u32 requestId][body]
 * little-endian, where frameBytes counts everything after itself. Request ids let many requests
 * share a connection; the answers to them interleave frame by frame.
 */
export const PROTOCOL_VERSION = 1;
/** "TSKT": the first bytes of a HELLO body, so a stray client is told apart from a damaged one. */
export const PROTOCOL_MAGIC = Buffer.from('TSKT', 'latin1');

export const Op = {
  /** Both ways, first frame of a connection: [4 magic][u16 version]. */
  hello: 0x01,
  /** Client: [u32 count][count × 8-byte key]. */
  read: 0x10,
  /** Client: [u32 count][count × (8-byte key, u32 bytes)], then DATA frames for each block. */
  write: 0x11,
  /** Client: no body. The server stops work on the request; frames already sent still arrive. */
  cancel: 0x12,
  /** Server, one per read key: [u32 index][u8 status][u32 bytes], then DATA frames if found. */
  item: 0x20,
  /** Both ways: [u32 index][u32 offset][payload]. Slices of one block arrive in order. */
  data: 0x21,
  /** Server, once all blocks of a write arrived: [u32 count][count × (u8 status, u8 reason)]. */
  writeResult: 0x22,
  /** Server, instead of an answer: [u8 code][utf-8 message]. */
  failed: 0x23,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** u32 length + u8 op + u32 request id. */
export const PREFIX_BYTES = 9;
/** Prefix + u32 index + u32 offset; the payload follows. */
export const DATA_HEADER_BYTES = PREFIX_BYTES + 8;
/** An ITEM body: u32 index + u8 status + u32 bytes. */
export const ITEM_BODY_BYTES = 9;
export const ITEM_FRAME_BYTES = PREFIX_BYTES + ITEM_BODY_BYTES;
/** Bytes a block key takes on the wire: its u64 in big-endian order, i.e. its hex spelling as bytes. */
export const KEY_BYTES = 8;

export const ItemStatus = { found: 0, missing: 1 } as const;
export const WriteStatus = { stored: 0, rejected: 1 } as const;

/** The request id of frames that belong to the connection rather than a request. */
export const CONNECTION_REQUEST_ID = 0;

/** Largest DATA payload a receiver accepts, whatever slice size the sender chose. */
export const MAX_SLICE_BYTES = 16 * 1024 * 1024;
/** Largest control frame a receiver accepts: a READ or WRITE of tens of thousands of keys. */
export const MAX_CONTROL_FRAME_BYTES = 4 * 1024 * 1024;
/** Frame limits every reader of this protocol applies. */
export const FRAME_LIMITS = { maxSliceBytes: MAX_SLICE_BYTES, maxControlBytes: MAX_CONTROL_FRAME_BYTES } as const;
