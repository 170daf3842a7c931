import { type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import { kubernetesClient } from './kubernetes.client';

/**
 * Per-call options for a client-node API method that abort the request once `timeoutMs` has passed
 * without an answer (each request gets its own timer when it is sent), so an API server that
 * accepts a connection and never answers fails the call rather than holding its caller forever.
 * Appended to the client's own middleware; the kubeconfig's credentials are not middleware.
 */
export function kubernetesCallTimeout(timeoutMs: number): ConfigurationOptions {
  const { Observable } = kubernetesClient();
  // AbortSignal.timeout refuses a fraction of a millisecond.
  const wholeMs = Math.ceil(timeoutMs);
  const abortAfter: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      context.setSignal(AbortSignal.timeout(wholeMs));
      return new Observable(Promise.resolve(context));
    },
    post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [abortAfter], middlewareMergeStrategy: 'append' };
}

/** Whether a failed call is one `kubernetesCallTimeout` aborted (fetch's AbortError, or the signal's TimeoutError). */
export function isKubernetesCallTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
