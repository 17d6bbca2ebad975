/** RFC 9457 problem document, as the app's error handler writes it. */
export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Keyward error code (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, …)' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
  },
} as const;

/** RFC 6749 §5.2 error response. */
export const oauthErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'string',
      enum: [
        'invalid_request',
        'invalid_client',
        'invalid_grant',
        'unauthorized_client',
        'unsupported_grant_type',
        'invalid_scope',
        'temporarily_unavailable',
      ],
    },
    error_description: { type: 'string' },
  },
  required: ['error'],
} as const;
