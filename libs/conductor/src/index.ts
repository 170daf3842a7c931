export { type PrefillGateway, type DecodeGateway, type PrefillCall, type PrefillAnswer, type PrefillHandoff, type DecodeCall, type DecodeEvent, type GatewayFailure } from './gateway.ports';
export { type InstanceFacts, type AdapterFacts, incompatibility } from './instance-facts';
export { InstanceRegistry, type InstanceHealth, type InstanceState, type DeviceTierReport, type InstanceRegistryOptions } from './instance.registry';
export {
  RequestPipeline,
  type ConductorRequest,
  type RequestSummary,
  type RequestProvenance,
  type PipelineFailure,
  type PipelineOptions,
  type TokenSink,
} from './request.pipeline';
export { ChoiceFanout, type ChoiceRun } from './choice.fanout';
export { choiceSeed } from './choice-seed';
export { EngineProfileLearner, type EngineShape } from './engine-profile.learner';
export { SchedulerHolder } from './scheduler.holder';
export { EstimateCalibrator } from './estimate.calibrator';
export { TransferLearner, type TransferFit, type FetchSample } from './transfer.learner';
export { ModelCatalog, type ModelCardFetcher } from './model/model.catalog';
export { BYTE_TOKENIZER_ID, byteLanguage, languageFromCard, type ModelLanguage } from './model/model-language';
export { CompletionHandler, type CompletionHandlerOptions, type Endpoint, type RequestContext } from './completion/completion.handler';
export { type CompletionMetrics, type CompletionResponse, CLIENT_CLOSED_REQUEST, NO_MODEL } from './completion/completion.ports';
export { type SchedulingMetrics, type DecisionBranch, DECISION_BRANCHES } from './scheduling-metrics.port';
export { decisionBranch } from './decision-branch';
export { chooseRun, runOf, DISAGGREGATION_MODES, RUN_REASONS, type DisaggregationMode, type RunChoice, type RunChoiceRule, type RunChoiceInput, type RunReason } from './disaggregation/run-choice.policy';
export { InFlightPrefixTable, type InFlightPrefix } from './in-flight/in-flight-prefix.table';
export { PrefixWaiter, type PrefixWait, type PrefixWaiterOptions } from './in-flight/prefix-waiter';
export { choosePrefixWait, PREFIX_WAIT_OUTCOMES, type PrefixWaitRule, type PrefixWaitOutcome, type PrefixWaitInput, type PrefixWaitChoice } from './in-flight/prefix-wait.policy';
export { EstimatorRefit, type EstimatorRefitOptions } from './estimates/estimator.refit';
export { type PodView, type InstancePort, type InstanceChanges, instancePort, podInstance, desiredInstances, diffInstances } from './discovery/pod-instances';
export { PoolMasters, masterAddresses } from './discovery/pool-masters';
export { WarmCopies, type WarmCopiesOptions } from './warm/warm-copies';
export { type WarmGateway, type WarmCall, type WarmAnswer, type WarmCopyMetrics, type WarmCopyReason, WARM_COPY_REASONS } from './warm/warm.port';
