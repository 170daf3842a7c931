import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { type ProtoGrpcType as DecodeProto } from './generated/decode';
import { type ProtoGrpcType as KvPoolProto } from './generated/kvpool';
import { type ProtoGrpcType as PrefillProto } from './generated/prefill';
import { PROTO_LOADER_OPTIONS } from './proto-options';

/** The directory holding Tsukimi's .proto files, for tools that need them. */
export const PROTO_DIR = path.resolve(__dirname, '../proto');

export const PROTO_FILES = ['tsukimi/v1/common.proto', 'tsukimi/v1/model.proto', 'tsukimi/v1/prefill.proto', 'tsukimi/v1/decode.proto', 'tsukimi/v1/kvpool.proto'] as const;

export type TsukimiProto = PrefillProto & DecodeProto & KvPoolProto;

let loaded: TsukimiProto | undefined;

/** The gRPC service definitions and client constructors of every Tsukimi contract, loaded once. */
export function tsukimiProto(): TsukimiProto {
  if (!loaded) {
    const definition = protoLoader.loadSync([...PROTO_FILES], { ...PROTO_LOADER_OPTIONS, includeDirs: [PROTO_DIR] });
    loaded = grpc.loadPackageDefinition(definition) as unknown as TsukimiProto;
  }
  return loaded;
}
