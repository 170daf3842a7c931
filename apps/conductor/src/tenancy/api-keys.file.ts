import * as fs from 'node:fs';
import { load } from 'js-yaml';
import { type ApiKeyEntry, parseApiKeyEntries, parseTenantGroups, type TenantGroup } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';

/** What the keys file declares: the keys, and the tenant groups that share declared prefixes. */
export interface ApiKeysFile {
  readonly keys: readonly ApiKeyEntry[];
  readonly tenantGroups: readonly TenantGroup[];
}

/** The keys file the configuration names, read and checked (YAML, of which JSON is a subset); the error is one line naming the key. */
export function readApiKeys(path: string): Result<ApiKeysFile, string> {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    return err(`apiKeysFile: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = load(text);
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a key pasted by mistake: only its position is kept.
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    return err(`apiKeysFile: ${path}: not YAML or JSON${mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : ''}`);
  }
  const parsed = parseApiKeyEntries(value);
  if (!parsed.ok) return err(`apiKeysFile: ${path}: ${parsed.error.path || '(top level)'}: ${parsed.error.message}`);
  const groups = parseTenantGroups((value as Record<string, unknown>)['tenantGroups'], parsed.value);
  if (!groups.ok) return err(`apiKeysFile: ${path}: ${groups.error.path}: ${groups.error.message}`);
  return ok({ keys: parsed.value, tenantGroups: groups.value });
}
