import type { ErrorRequestHandler } from 'express';

/**
 * Errors of the body parser (too large, not JSON, an unsupported charset or encoding) answered as a
 * GraphQL error document with a code, instead of express's HTML page, which shows a stack trace in
 * development. Anything else goes on to express's handler.
 */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const type = typeof error?.type === 'string' ? (error.type as string) : '';
  const status = Number(error?.status ?? error?.statusCode);
  if (!type || !(status >= 400 && status < 500)) return next(error);
  res.status(status).json({
    errors: [
      { message: messageOf(type, error), extensions: { code: 'BAD_USER_INPUT', argumentName: 'body', reason: type } },
    ],
  });
};

function messageOf(type: string, error: { limit?: number; charset?: string; encoding?: string }): string {
  switch (type) {
    case 'entity.too.large':
      return `The request body is larger than the limit of ${error.limit} bytes`;
    case 'entity.parse.failed':
      return 'The request body is not valid JSON';
    case 'charset.unsupported':
      return `The request body's charset ${JSON.stringify(error.charset ?? '')} is not supported; use utf-8`;
    case 'encoding.unsupported':
      return `The request body's content encoding ${JSON.stringify(error.encoding ?? '')} is not supported`;
    default:
      return 'The request body cannot be read';
  }
}
