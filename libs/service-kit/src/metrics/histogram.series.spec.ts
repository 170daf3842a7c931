import { Histogram, Registry } from 'prom-client';
import { HistogramSeries } from './histogram.series';

const BUCKETS = [0.005, 0.01, 0.05, 0.1, 1];

function histogramIn(registry: Registry): Histogram<'model' | 'tier'> {
  return new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['model', 'tier'], buckets: BUCKETS, registers: [registry] });
}

const VALUES = [0.001, 0.005, 0.0051, 0.07, 0.1, 3, 0, 0.5, 1];

describe('HistogramSeries', () => {
  it("gives the scrape prom-client's own observe gives, beside other label sets", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const ourHistogram = histogramIn(ours);
    const theirHistogram = histogramIn(theirs);
    ourHistogram.observe({ model: 'm', tier: 'b' }, 0.02);
    theirHistogram.observe({ model: 'm', tier: 'b' }, 0.02);
    const series = new HistogramSeries(ourHistogram, { model: 'm', tier: 'a' });
    for (const v of VALUES) {
      series.observe(v);
      theirHistogram.observe({ model: 'm', tier: 'a' }, v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('h_seconds_count{model="m",tier="a"} 9');
  });

  it('adds to a series prom-client already holds, and starts again after a reset', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const ourHistogram = histogramIn(ours);
    const theirHistogram = histogramIn(theirs);
    for (const h of [ourHistogram, theirHistogram]) h.observe({ model: 'm', tier: 'a' }, 0.007);
    const series = new HistogramSeries(ourHistogram, { model: 'm', tier: 'a' });
    series.observe(0.2);
    theirHistogram.observe({ model: 'm', tier: 'a' }, 0.2);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    ourHistogram.reset();
    theirHistogram.reset();
    series.observe(0.003);
    theirHistogram.observe({ model: 'm', tier: 'a' }, 0.003);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('binds the one series of a histogram without labels', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const [ourHistogram, theirHistogram] = [ours, theirs].map((registry) => new Histogram({ name: 'plain_seconds', help: 'p', buckets: BUCKETS, registers: [registry] }));
    const series = new HistogramSeries(ourHistogram!, {});
    for (const v of VALUES) {
      series.observe(v);
      theirHistogram!.observe(v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('refuses a value that is not a finite number, as prom-client does', () => {
    const series = new HistogramSeries(histogramIn(new Registry()), { model: 'm', tier: 'a' });
    expect(() => series.observe(Number.NaN)).toThrow(TypeError);
  });
});
