import { err, ok, type Result } from '@tsukimi/result';

/** A LoRA adapter as `--lora` names it. */
export interface LoraFlag {
  readonly name: string;
  readonly path: string;
}

/**
 * `--lora a=/models/a.gguf,b=/models/b.gguf` as adapters, in order. Each item is `name=path`
 * (the first `=` splits, so a path may contain one); a malformed item is refused naming it.
 * The engine checks the names themselves (characters, uniqueness) when it loads them.
 */
export function parseLoraFlag(items: readonly string[]): Result<LoraFlag[], string> {
  const adapters: LoraFlag[] = [];
  for (const item of items) {
    const split = item.indexOf('=');
    const name = split < 0 ? '' : item.slice(0, split).trim();
    const path = split < 0 ? '' : item.slice(split + 1).trim();
    if (name === '' || path === '') return err(`lora: ${JSON.stringify(item)} is not name=path`);
    adapters.push({ name, path });
  }
  return ok(adapters);
}
