import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdapterInfo as _tsukimi_v1_AdapterInfo, AdapterInfo__Output as _tsukimi_v1_AdapterInfo__Output } from './tsukimi/v1/AdapterInfo';
import type { DecodeStepTiming as _tsukimi_v1_DecodeStepTiming, DecodeStepTiming__Output as _tsukimi_v1_DecodeStepTiming__Output } from './tsukimi/v1/DecodeStepTiming';
import type { DescribeRequest as _tsukimi_v1_DescribeRequest, DescribeRequest__Output as _tsukimi_v1_DescribeRequest__Output } from './tsukimi/v1/DescribeRequest';
import type { DeviceTierUpdate as _tsukimi_v1_DeviceTierUpdate, DeviceTierUpdate__Output as _tsukimi_v1_DeviceTierUpdate__Output } from './tsukimi/v1/DeviceTierUpdate';
import type { GeneratedToken as _tsukimi_v1_GeneratedToken, GeneratedToken__Output as _tsukimi_v1_GeneratedToken__Output } from './tsukimi/v1/GeneratedToken';
import type { GenerationParams as _tsukimi_v1_GenerationParams, GenerationParams__Output as _tsukimi_v1_GenerationParams__Output } from './tsukimi/v1/GenerationParams';
import type { InstanceDescription as _tsukimi_v1_InstanceDescription, InstanceDescription__Output as _tsukimi_v1_InstanceDescription__Output } from './tsukimi/v1/InstanceDescription';
import type { InstanceLoad as _tsukimi_v1_InstanceLoad, InstanceLoad__Output as _tsukimi_v1_InstanceLoad__Output } from './tsukimi/v1/InstanceLoad';
import type { LogitBias as _tsukimi_v1_LogitBias, LogitBias__Output as _tsukimi_v1_LogitBias__Output } from './tsukimi/v1/LogitBias';
import type { OutputConstraint as _tsukimi_v1_OutputConstraint, OutputConstraint__Output as _tsukimi_v1_OutputConstraint__Output } from './tsukimi/v1/OutputConstraint';
import type { PrefillTiming as _tsukimi_v1_PrefillTiming, PrefillTiming__Output as _tsukimi_v1_PrefillTiming__Output } from './tsukimi/v1/PrefillTiming';
import type { SamplingParams as _tsukimi_v1_SamplingParams, SamplingParams__Output as _tsukimi_v1_SamplingParams__Output } from './tsukimi/v1/SamplingParams';
import type { TokenLogprob as _tsukimi_v1_TokenLogprob, TokenLogprob__Output as _tsukimi_v1_TokenLogprob__Output } from './tsukimi/v1/TokenLogprob';
import type { TokenReuse as _tsukimi_v1_TokenReuse, TokenReuse__Output as _tsukimi_v1_TokenReuse__Output } from './tsukimi/v1/TokenReuse';
import type { WatchLoadRequest as _tsukimi_v1_WatchLoadRequest, WatchLoadRequest__Output as _tsukimi_v1_WatchLoadRequest__Output } from './tsukimi/v1/WatchLoadRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsukimi: {
    v1: {
      AdapterInfo: MessageTypeDefinition<_tsukimi_v1_AdapterInfo, _tsukimi_v1_AdapterInfo__Output>
      DecodeStepTiming: MessageTypeDefinition<_tsukimi_v1_DecodeStepTiming, _tsukimi_v1_DecodeStepTiming__Output>
      DescribeRequest: MessageTypeDefinition<_tsukimi_v1_DescribeRequest, _tsukimi_v1_DescribeRequest__Output>
      DeviceTierUpdate: MessageTypeDefinition<_tsukimi_v1_DeviceTierUpdate, _tsukimi_v1_DeviceTierUpdate__Output>
      GeneratedToken: MessageTypeDefinition<_tsukimi_v1_GeneratedToken, _tsukimi_v1_GeneratedToken__Output>
      GenerationParams: MessageTypeDefinition<_tsukimi_v1_GenerationParams, _tsukimi_v1_GenerationParams__Output>
      InstanceDescription: MessageTypeDefinition<_tsukimi_v1_InstanceDescription, _tsukimi_v1_InstanceDescription__Output>
      InstanceLoad: MessageTypeDefinition<_tsukimi_v1_InstanceLoad, _tsukimi_v1_InstanceLoad__Output>
      LogitBias: MessageTypeDefinition<_tsukimi_v1_LogitBias, _tsukimi_v1_LogitBias__Output>
      OutputConstraint: MessageTypeDefinition<_tsukimi_v1_OutputConstraint, _tsukimi_v1_OutputConstraint__Output>
      PrefillTiming: MessageTypeDefinition<_tsukimi_v1_PrefillTiming, _tsukimi_v1_PrefillTiming__Output>
      SamplingParams: MessageTypeDefinition<_tsukimi_v1_SamplingParams, _tsukimi_v1_SamplingParams__Output>
      TokenLogprob: MessageTypeDefinition<_tsukimi_v1_TokenLogprob, _tsukimi_v1_TokenLogprob__Output>
      TokenReuse: MessageTypeDefinition<_tsukimi_v1_TokenReuse, _tsukimi_v1_TokenReuse__Output>
      WatchLoadRequest: MessageTypeDefinition<_tsukimi_v1_WatchLoadRequest, _tsukimi_v1_WatchLoadRequest__Output>
    }
  }
}

