export { ServiceProcess, type ServiceProcessOptions, type ServiceExit } from './src/testing/service-process.harness';
export { httpGet, httpGetWith, type HttpResponse } from './src/testing/http-get';
export { sampleValue, invalidExpositionLines } from './src/testing/prometheus-text';
