import { findAll, parseMarkup } from '../testing/markup.tree';
import { lineChartSvg } from './svg.chart';

const polyline = (svg: string) => findAll(parseMarkup(svg), (e) => e.name === 'polyline')[0]!.attrs;
const xs = (points: string) => points.split(' ').map((p) => Number(p.split(',')[0]));

describe('lineChartSvg', () => {
  it('on a log scale spaces 1, 10 and 100 evenly, leaving out of the drawing (not the data) a value of 0', () => {
    const line = polyline(lineChartSvg('f', { title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', series: [{ name: 's', points: [[0, 0.25], [1, 0.5], [10, 0.75], [100, 1]] }] }));
    expect(line['data-points']).toBe('0,0.25 1,0.5 10,0.75 100,1');
    const [a, b, c] = xs(line.points!);
    expect(xs(line.points!)).toHaveLength(3);
    expect(b! - a!).toBeCloseTo(c! - b!, 0);
  });

  it('on a linear scale keeps every point, 0 at the axis', () => {
    const line = polyline(lineChartSvg('f', { title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 0], [50, 0.5], [100, 1]] }] }));
    const [a, b, c] = xs(line.points!);
    expect(b! - a!).toBeCloseTo(c! - b!, 0);
  });
});
