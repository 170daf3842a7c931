/**
 * Checks text against the Prometheus exposition format closely enough to catch a broken
 * `/metrics`: every line is a comment (`# HELP`, `# TYPE`) or `name{labels} value`. Special values match case-insensitively, as Prometheus parses them
 * (prom-client writes `Nan`).
 * Returns the offending lines; empty when the text is valid.
 */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|[+-]?[Ii]nf)( -?\d+)?$/;
const HELP = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/;
const TYPE = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/;

export function invalidExpositionLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => !(SAMPLE.test(line) || HELP.test(line) || TYPE.test(line)));
}

/** The value of one sample, e.g. `sampleValue(text, 'tsukimi_conductor_requests_total{status_code="200"}')`. */
export function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1).split(' ')[0]);
}
