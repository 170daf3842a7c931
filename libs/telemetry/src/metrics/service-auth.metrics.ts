import { counter } from '../metric.model';

/** Service-to-service authentication, on every service: what was refused for want of a service token. */
export const SERVICE_AUTH_METRICS = {
  tsukimi_service_auth_refusals_total: counter(
    'Calls and connections refused for a missing or wrong service token, by plane (grpc: a control-plane call; data: a data-plane connection; metrics: a scrape).',
    ['plane'],
  ),
} as const;
