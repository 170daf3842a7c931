import { execFile } from 'node:child_process';

/** `promtool check metrics` on one exposition; resolves with its exit status and what it printed. */
export function promtoolCheckMetrics(exposition: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(exposition);
  });
}

/** One line per service, `<name>: exit <code>` and what promtool said, for a test to expect every one at exit 0 and silent. */
export async function promtoolReports(expositions: Readonly<Record<string, Promise<string>>>): Promise<string[]> {
  return Promise.all(
    Object.entries(expositions).map(async ([name, exposition]) => {
      const { code, output } = await promtoolCheckMetrics(await exposition);
      return `${name}: exit ${code}${output.trim() ? `\n${output.trim()}` : ''}`;
    }),
  );
}
