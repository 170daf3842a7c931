import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdapterInfo as _tsukimi_v1_AdapterInfo, AdapterInfo__Output as _tsukimi_v1_AdapterInfo__Output } from './tsukimi/v1/AdapterInfo';
import type { DecodeClient as _tsukimi_v1_DecodeClient, DecodeDefinition as _tsukimi_v1_DecodeDefinition } from './tsukimi/v1/Decode';
import type { DecodeEvent as _tsukimi_v1_DecodeEvent, DecodeEvent__Output as _tsukimi_v1_DecodeEvent__Output } from './tsukimi/v1/DecodeEvent';
import type { DecodeRequest as _tsukimi_v1_DecodeRequest, DecodeRequest__Output as _tsukimi_v1_DecodeRequest__Output } from './tsukimi/v1/DecodeRequest';
import type { DecodeStarted as _tsukimi_v1_DecodeStarted, DecodeStarted__Output as _tsukimi_v1_DecodeStarted__Output } from './tsukimi/v1/DecodeStarted';
import type { DecodeStepTiming as _tsukimi_v1_DecodeStepTiming, DecodeStepTiming__Output as _tsukimi_v1_DecodeStepTiming__Output } from './tsukimi/v1/DecodeStepTiming';
import type { DescribeRequest as _tsukimi_v1_DescribeRequest, DescribeRequest__Output as _tsukimi_v1_DescribeRequest__Output } from './tsukimi/v1/DescribeRequest';
import type { DeviceTierUpdate as _tsukimi_v1_DeviceTierUpdate, DeviceTierUpdate__Output as _tsukimi_v1_DeviceTierUpdate__Output } from './tsukimi/v1/DeviceTierUpdate';
import type { GeneratedToken as _tsukimi_v1_GeneratedToken, GeneratedToken__Output as _tsukimi_v1_GeneratedToken__Output } from './tsukimi/v1/GeneratedToken';
import type { GenerationParams as _tsukimi_v1_GenerationParams, GenerationParams__Output as _tsukimi_v1_GenerationParams__Output } from './tsukimi/v1/GenerationParams';
import type { InstanceDescription as _tsukimi_v1_InstanceDescription, InstanceDescription__Output as _tsukimi_v1_InstanceDescription__Output } from './tsukimi/v1/InstanceDescription';
import type { InstanceLoad as _tsukimi_v1_InstanceLoad, InstanceLoad__Output as _tsukimi_v1_InstanceLoad__Output } from './tsukimi/v1/InstanceLoad';
import type { LogitBias as _tsukimi_v1_LogitBias, LogitBias__Output as _tsukimi_v1_LogitBias__Output } from './tsukimi/v1/LogitBias';
import type { ModelCard as _tsukimi_v1_ModelCard, ModelCard__Output as _tsukimi_v1_ModelCard__Output } from './tsukimi/v1/ModelCard';
import type { ModelCardRequest as _tsukimi_v1_ModelCardRequest, ModelCardRequest__Output as _tsukimi_v1_ModelCardRequest__Output } from './tsukimi/v1/ModelCardRequest';
import type { OutputConstraint as _tsukimi_v1_OutputConstraint, OutputConstraint__Output as _tsukimi_v1_OutputConstraint__Output } from './tsukimi/v1/OutputConstraint';
import type { PrefetchReply as _tsukimi_v1_PrefetchReply, PrefetchReply__Output as _tsukimi_v1_PrefetchReply__Output } from './tsukimi/v1/PrefetchReply';
import type { PrefetchRequest as _tsukimi_v1_PrefetchRequest, PrefetchRequest__Output as _tsukimi_v1_PrefetchRequest__Output } from './tsukimi/v1/PrefetchRequest';
import type { PrefillTiming as _tsukimi_v1_PrefillTiming, PrefillTiming__Output as _tsukimi_v1_PrefillTiming__Output } from './tsukimi/v1/PrefillTiming';
import type { SamplingParams as _tsukimi_v1_SamplingParams, SamplingParams__Output as _tsukimi_v1_SamplingParams__Output } from './tsukimi/v1/SamplingParams';
import type { TokenBatch as _tsukimi_v1_TokenBatch, TokenBatch__Output as _tsukimi_v1_TokenBatch__Output } from './tsukimi/v1/TokenBatch';
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
      /**
       * A decode instance: loads the request's KV blocks from the pool, joins the continuous batch
       * and streams tokens until a stop condition.
       */
      Decode: SubtypeConstructor<typeof grpc.Client, _tsukimi_v1_DecodeClient> & { service: _tsukimi_v1_DecodeDefinition }
      DecodeEvent: MessageTypeDefinition<_tsukimi_v1_DecodeEvent, _tsukimi_v1_DecodeEvent__Output>
      DecodeRequest: MessageTypeDefinition<_tsukimi_v1_DecodeRequest, _tsukimi_v1_DecodeRequest__Output>
      DecodeStarted: MessageTypeDefinition<_tsukimi_v1_DecodeStarted, _tsukimi_v1_DecodeStarted__Output>
      DecodeStepTiming: MessageTypeDefinition<_tsukimi_v1_DecodeStepTiming, _tsukimi_v1_DecodeStepTiming__Output>
      DescribeRequest: MessageTypeDefinition<_tsukimi_v1_DescribeRequest, _tsukimi_v1_DescribeRequest__Output>
      DeviceTierUpdate: MessageTypeDefinition<_tsukimi_v1_DeviceTierUpdate, _tsukimi_v1_DeviceTierUpdate__Output>
      GeneratedToken: MessageTypeDefinition<_tsukimi_v1_GeneratedToken, _tsukimi_v1_GeneratedToken__Output>
      GenerationParams: MessageTypeDefinition<_tsukimi_v1_GenerationParams, _tsukimi_v1_GenerationParams__Output>
      InstanceDescription: MessageTypeDefinition<_tsukimi_v1_InstanceDescription, _tsukimi_v1_InstanceDescription__Output>
      InstanceLoad: MessageTypeDefinition<_tsukimi_v1_InstanceLoad, _tsukimi_v1_InstanceLoad__Output>
      LogitBias: MessageTypeDefinition<_tsukimi_v1_LogitBias, _tsukimi_v1_LogitBias__Output>
      ModelCard: MessageTypeDefinition<_tsukimi_v1_ModelCard, _tsukimi_v1_ModelCard__Output>
      ModelCardRequest: MessageTypeDefinition<_tsukimi_v1_ModelCardRequest, _tsukimi_v1_ModelCardRequest__Output>
      OutputConstraint: MessageTypeDefinition<_tsukimi_v1_OutputConstraint, _tsukimi_v1_OutputConstraint__Output>
      PrefetchReply: MessageTypeDefinition<_tsukimi_v1_PrefetchReply, _tsukimi_v1_PrefetchReply__Output>
      PrefetchRequest: MessageTypeDefinition<_tsukimi_v1_PrefetchRequest, _tsukimi_v1_PrefetchRequest__Output>
      PrefillTiming: MessageTypeDefinition<_tsukimi_v1_PrefillTiming, _tsukimi_v1_PrefillTiming__Output>
      SamplingParams: MessageTypeDefinition<_tsukimi_v1_SamplingParams, _tsukimi_v1_SamplingParams__Output>
      TokenBatch: MessageTypeDefinition<_tsukimi_v1_TokenBatch, _tsukimi_v1_TokenBatch__Output>
      TokenLogprob: MessageTypeDefinition<_tsukimi_v1_TokenLogprob, _tsukimi_v1_TokenLogprob__Output>
      TokenReuse: MessageTypeDefinition<_tsukimi_v1_TokenReuse, _tsukimi_v1_TokenReuse__Output>
      WatchLoadRequest: MessageTypeDefinition<_tsukimi_v1_WatchLoadRequest, _tsukimi_v1_WatchLoadRequest__Output>
    }
  }
}

