import * as fs from 'node:fs';
import * as path from 'node:path';
import { DASHBOARDS, dashboardJson } from './dashboards';

/**
 * Writes every dashboard as JSON into a folder (the chart's `dashboards/`):
 *
 *     npm run dashboards
 *     node -r ./tools/runtime/register.js tools/dashboards/emit.ts --out helm/tsukimi/dashboards
 */
function main(argv: readonly string[]): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : undefined;
  if (!out) {
    process.stderr.write('usage: emit.ts --out <folder>\n');
    return 2;
  }
  fs.mkdirSync(out, { recursive: true });
  for (const [file, build] of Object.entries(DASHBOARDS)) {
    fs.writeFileSync(path.join(out, file), dashboardJson(build()));
    process.stdout.write(`${path.join(out, file)}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
