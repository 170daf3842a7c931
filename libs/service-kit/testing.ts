export { ServiceProcess, type ServiceProcessOptions } from './src/testing/service-process.harness';
export { type ServiceExit } from './src/lifecycle/service-exit';
export { httpGet, httpGetWith, type HttpResponse } from './src/testing/http-get';
export { sampleValue, invalidExpositionLines } from './src/testing/prometheus-text';
export { until } from './src/testing/until';
export { freePort } from './src/testing/free-port';
