export { type Endpoint, type SharedSegmentAddress, endpointAddress } from './endpoint';
export {
  type BlockReadOutcome,
  type BlockWriteOutcome,
  type WriteRejectReason,
  type BlockStore,
  type BlockStoreReader,
  type BlockStoreWriter,
  writeRejectReasons,
} from './block-store.port';
export { type TransferError, type TransferErrorKind, type RemoteFailureCode, remoteFailureCodes, transferErrorKinds } from './transfer.error';
export { type Transport, type TransferOptions, type KeyReadOutcome, type KeyWriteOutcome, type BlockToWrite } from './transport.port';
export { type ReplicaAttempt, type ReplicaReadOutcome, readFromReplicas } from './replica.reader';
export { type MemoryBlockStoreOptions, MemoryBlockStore } from './memory-block.store';
export { TcpTransport } from './tcp/tcp.transport';
export { type ReceiveBuffer, type ReceiveBufferPoolOptions, type ReceiveBufferPoolStats, ReceiveBufferPool } from './tcp/client/receive-buffer.pool';
export { type TcpTransportOptions, type CompiledTcpTransportOptions, compileTcpTransportOptions } from './tcp/client/tcp-transport.options';
export { type ListenError, TcpTransferServer } from './tcp/server/tcp-transfer.server';
export { type TcpTransferServerOptions } from './tcp/server/tcp-server.options';
export { type TransferServerStats } from './tcp/server/transfer-server.stats';
export { type LocalNode, type LocalRegistration, type DuplicateNodeError, LocalNodeRegistry } from './local/local-node.registry';
export { LocalTransport } from './local/local.transport';
export { type SameHostTransportOptions, type SameHostStats, SameHostTransport } from './shared/same-host.transport';
export { type SegmentRead, SharedSegment } from './shared/shared-segment';
export { type OpenBlockFilesLimits } from './shared/open-block.files';
export { type TransferObserver, type TransferDone, type TransferFailed, TransferObservers } from './observed/transfer-observer.port';
export { ObservedTransport } from './observed/observed.transport';
export { type ChaosFault, type ChaosListen, ChaosProxy } from './testing/chaos.proxy';
export { freeLoopbackPort } from './testing/loopback';
export { type SharedSecrets } from './tcp/handshake/shared-secret.port';
export { FrameKind as RelayFrameKind, encodeFrame as encodeRelayFrame, encodeFailure as encodeRelayFailure, RELAY_MAX_STREAM_ID } from './relay/relay.frame';
export { RelayFrameReader } from './relay/relay-frame.reader';
export { type RelayOptions, compileRelayOptions } from './relay/relay.options';
export { type StreamEvent, RelayStream, RelayCode } from './relay/relay.stream';
export { RelayClient } from './relay/relay.client';
export { RelayServer, type RelayServerOptions, type RelayServerStream, type RelayHandler } from './relay/relay.server';
