import { err, ok, type Result } from '@tsukimi/result';

/** The tracing keys every service's configuration shares (`--otlp-endpoint`, `--trace-sample-ratio`). */
export interface TracingSettings {
  /** OTLP/HTTP collector base URL (`http://collector:4318`) or its traces URL; absent: tracing off. */
  readonly otlpEndpoint?: string | undefined;
  /** Share of new traces kept, 0 to 1; a request that arrives with a sampled parent is always kept. */
  readonly traceSampleRatio: number;
}

/** Where spans are sent: `/v1/traces` under a base URL, as OTEL_EXPORTER_OTLP_ENDPOINT is read. */
export function otlpTracesUrl(endpoint: string): Result<string, string> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return err(`otlpEndpoint: expected an http(s) URL such as http://collector:4318, got "${endpoint.slice(0, 80)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err(`otlpEndpoint: expected http: or https:, got ${url.protocol}`);
  if (url.pathname.endsWith('/v1/traces')) return ok(url.toString());
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return ok(url.toString());
}
