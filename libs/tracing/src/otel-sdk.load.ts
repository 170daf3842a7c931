import type * as SdkProvider from './otel-sdk.provider';

/**
 * The OpenTelemetry SDK's part of tracing, loaded on first use: its modules cost about 0.3 s of
 * CPU at start-up, which every service would spend with tracing off (the default).
 */
export function loadSdk(): typeof SdkProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./otel-sdk.provider') as typeof SdkProvider;
}
