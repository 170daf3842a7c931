import { validTraceparent } from './traceparent';
import { otlpTracesUrl } from './tracing.settings';

describe('validTraceparent', () => {
  const good = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  it.each([
    [good, good],
    [` ${good.toUpperCase()} `, good],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00'],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', undefined],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', undefined],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', undefined],
    ['00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
  ])('%j is %j', (value, expected) => {
    expect(validTraceparent(value)).toBe(expected);
  });
});

describe('otlpTracesUrl', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['https://otel.example/prefix', 'https://otel.example/prefix/v1/traces'],
    ['http://127.0.0.1:4318/v1/traces', 'http://127.0.0.1:4318/v1/traces'],
  ])('%s sends to %s', (endpoint, url) => {
    expect(otlpTracesUrl(endpoint)).toEqual({ ok: true, value: url });
  });

  it.each(['collector:4318', 'grpc://collector:4317', 'not a url'])('refuses %s naming the key', (endpoint) => {
    const url = otlpTracesUrl(endpoint);
    expect(url.ok).toBe(false);
    if (!url.ok) expect(url.error).toMatch(/^otlpEndpoint: /);
  });
});
