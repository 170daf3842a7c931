import { type AdapterInfo } from '@tsukimi/engine';
import { type InstanceFacts } from '../instance-facts';
import { type InstanceRegistry } from '../instance.registry';

/** A name clients use: a model, or one of its LoRA adapters as `<model>:<adapter>`. */
export interface ServedModel {
  readonly name: string;
  readonly facts: InstanceFacts;
  readonly adapter: AdapterInfo | undefined;
}

/**
 * The names of the models the cluster serves, once instances have described them: each model's
 * id, or `servedModelName` in place of the first model's, followed by `<name>:<adapter>` for each
 * LoRA adapter an instance of it has loaded.
 */
export function servedModels(registry: InstanceRegistry, servedModelName: string | undefined): ServedModel[] {
  return registry.models().flatMap((facts, i) => {
    const name = i === 0 && servedModelName ? servedModelName : facts.modelId;
    const adapters = registry.adapters(facts.modelId).map((adapter) => ({ name: `${name}:${adapter.name}`, facts, adapter }));
    return [{ name, facts, adapter: undefined }, ...adapters];
  });
}
