import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error meant for the client: the central handler renders it as
 * `{ error: { code, message } }` for JSON clients and as a friendly page for browsers.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message = 'not found') => new AppError(404, 'not_found', message);
