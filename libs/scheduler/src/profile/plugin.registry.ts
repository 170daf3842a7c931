import { type PluginFactory } from './plugin.port';

/** Plugin factories by type string: what a profile may name. */
export class PluginRegistry {
  private readonly factories = new Map<string, PluginFactory>();

  constructor(factories: readonly PluginFactory[] = []) {
    for (const factory of factories) this.register(factory);
  }

  /** Adds a plugin; two plugins of one type would make profiles ambiguous, which is a bug. */
  register(factory: PluginFactory): this {
    if (this.factories.has(factory.type)) throw new Error(`scheduler plugin type "${factory.type}" is registered twice`);
    this.factories.set(factory.type, factory);
    return this;
  }

  get(type: string): PluginFactory | undefined {
    return this.factories.get(type);
  }

  get types(): readonly string[] {
    return [...this.factories.keys()];
  }
}
