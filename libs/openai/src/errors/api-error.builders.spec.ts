import {
  internal,
  invalidApiKey,
  invalidJson,
  invalidRequest,
  modelNotFound,
  rateLimited,
  routeNotFound,
  serviceUnavailable,
} from './api-error.builders';
import { type ApiError } from './api-error.model';

describe('API error builders', () => {
  it.each<[string, ApiError, ApiError]>([
    [
      'invalidRequest',
      invalidRequest('Bad thing.', 'stop', 'invalid_value'),
      { status: 400, headers: {}, body: { error: { message: 'Bad thing.', type: 'invalid_request_error', param: 'stop', code: 'invalid_value' } } },
    ],
    [
      'modelNotFound',
      modelNotFound('gpt-9'),
      {
        status: 404,
        headers: {},
        body: { error: { message: 'The model `gpt-9` does not exist.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } },
      },
    ],
    [
      'routeNotFound',
      routeNotFound('POST', '/v1/embeddings'),
      { status: 404, headers: {}, body: { error: { message: 'Invalid URL (POST /v1/embeddings)', type: 'invalid_request_error', param: null, code: null } } },
    ],
    [
      'rateLimited',
      rateLimited('predicted time to first token exceeds the SLO', 1.25),
      {
        status: 429,
        headers: { 'retry-after': '2', 'retry-after-ms': '1250' },
        body: {
          error: {
            message: 'Request rejected: predicted time to first token exceeds the SLO. Please retry after 1.3 seconds.',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
      },
    ],
    [
      'serviceUnavailable with a retry hint',
      serviceUnavailable('No decode instance is ready.', 3),
      {
        status: 503,
        headers: { 'retry-after': '3', 'retry-after-ms': '3000' },
        body: { error: { message: 'No decode instance is ready.', type: 'server_error', param: null, code: 'service_unavailable' } },
      },
    ],
    [
      'internal with a request id',
      internal('r-17'),
      {
        status: 500,
        headers: {},
        body: { error: { message: 'The server had an error while processing your request (request r-17).', type: 'server_error', param: null, code: null } },
      },
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it.each<[string, ApiError, number]>([
    ['invalidJson', invalidJson(), 400],
    ['serviceUnavailable', serviceUnavailable(), 503],
    ['internal', internal(), 500],
    ['invalidApiKey missing', invalidApiKey('missing-key'), 401],
    ['invalidApiKey unknown', invalidApiKey('unknown-key'), 401],
  ])('%s has status %i and no headers', (_name, error, status) => {
    expect(error.status).toBe(status);
    expect(error.headers).toEqual({});
    expect(error.body.error.message.length).toBeGreaterThan(0);
  });

  it.each(['missing-key', 'unknown-key'] as const)('answers %s as OpenAI does: 401 invalid_request_error with code invalid_api_key', (reason) => {
    expect(invalidApiKey(reason).body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', param: null });
  });
});
