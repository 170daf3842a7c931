/** A named line of (x, y) points. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** `log` for latencies, whose tails run orders of magnitude past their medians; points at or below 0 are then left out of the drawing (not of `data-points`). */
  readonly xScale?: 'linear' | 'log';
}

export interface BarChart {
  readonly title: string;
  readonly yLabel: string;
  readonly bars: readonly { readonly name: string; readonly value: number }[];
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { left: 64, right: 16, top: 32, bottom: 48 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
/** Colour-blind-safe (Okabe–Ito), in the order series are drawn. */
const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/** Text for an SVG or HTML text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fmt = (x: number) => (Math.abs(x) >= 1000 || x === 0 ? x.toFixed(0) : x.toPrecision(3));
const colour = (i: number) => COLOURS[i % COLOURS.length]!;

function frame(title: string, xLabel: string, yLabel: string, figure: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-figure="${escapeXml(figure)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + PLOT_H}" x2="${MARGIN.left + PLOT_W}" y2="${MARGIN.top + PLOT_H}" stroke="#444"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + PLOT_H}" stroke="#444"/>`,
    `<text x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${MARGIN.top + PLOT_H / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + PLOT_H / 2})">${escapeXml(yLabel)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

function ticks(min: number, max: number, toPx: (v: number) => number, axis: 'x' | 'y', log = false): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const v = log ? min * (max / min) ** f : min + f * (max - min);
      const p = toPx(v).toFixed(1);
      return axis === 'x'
        ? `<text x="${p}" y="${MARGIN.top + PLOT_H + 16}" text-anchor="middle" font-size="11">${fmt(v)}</text>`
        : `<text x="${MARGIN.left - 6}" y="${p}" text-anchor="end" font-size="11">${fmt(v)}</text>`;
    })
    .join('\n');
}

function legend(names: readonly string[]): string {
  return names.map((name, i) => `<text x="${MARGIN.left + PLOT_W - 4}" y="${MARGIN.top + 14 + i * 14}" text-anchor="end" font-size="11" fill="${colour(i)}">${escapeXml(name)}</text>`).join('\n');
}

/** One polyline per series, each point also a `data-points` entry so a reader can take the numbers back out. */
export function lineChartSvg(figure: string, chart: LineChart): string {
  const log = chart.xScale === 'log';
  const all = chart.series.flatMap((s) => s.points);
  const drawn = (a: number) => !log || a > 0;
  const xMax = Math.max(1e-9, ...all.map(([x]) => x));
  const xMin = log ? Math.min(xMax / 10, ...all.filter(([a]) => a > 0).map(([a]) => a)) : 0;
  const yMax = Math.max(1e-9, ...all.map(([, y]) => y));
  const x = (v: number) => MARGIN.left + (log ? Math.log(v / xMin) / Math.log(xMax / xMin) : v / xMax) * PLOT_W;
  const y = (v: number) => MARGIN.top + PLOT_H - (v / yMax) * PLOT_H;
  const lines = chart.series.map((s, i) => {
    const px = s.points.flatMap(([a, b]) => (drawn(a) ? [`${x(a).toFixed(1)},${y(b).toFixed(1)}`] : [])).join(' ');
    const data = s.points.map(([a, b]) => `${a},${b}`).join(' ');
    return `<polyline class="series" data-series="${escapeXml(s.name)}" data-points="${data}" points="${px}" fill="none" stroke="${colour(i)}" stroke-width="1.5"/>`;
  });
  return frame(chart.title, chart.xLabel, chart.yLabel, figure, [ticks(xMin, xMax, x, 'x', log), ticks(0, yMax, y, 'y'), ...lines, legend(chart.series.map((s) => s.name))].join('\n'));
}

/** One bar per entry, its exact value in `data-value`. */
export function barChartSvg(figure: string, chart: BarChart): string {
  const yMax = Math.max(1e-9, ...chart.bars.map((b) => b.value));
  const slot = PLOT_W / Math.max(1, chart.bars.length);
  const y = (v: number) => MARGIN.top + PLOT_H - (v / yMax) * PLOT_H;
  const bars = chart.bars.map((b, i) => {
    const left = MARGIN.left + i * slot + slot * 0.2;
    return [
      `<rect class="bar" data-series="${escapeXml(b.name)}" data-value="${b.value}" x="${left.toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${(MARGIN.top + PLOT_H - y(b.value)).toFixed(1)}" fill="${colour(i)}"/>`,
      `<text x="${(left + slot * 0.3).toFixed(1)}" y="${MARGIN.top + PLOT_H + 16}" text-anchor="middle" font-size="11">${escapeXml(b.name)}</text>`,
      `<text x="${(left + slot * 0.3).toFixed(1)}" y="${(y(b.value) - 4).toFixed(1)}" text-anchor="middle" font-size="11">${fmt(b.value)}</text>`,
    ].join('\n');
  });
  return frame(chart.title, '', chart.yLabel, figure, [ticks(0, yMax, y, 'y'), ...bars].join('\n'));
}
