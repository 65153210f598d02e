import type { Response } from 'restify';

/** Direct Line's error body: {error: {code, message}}. Never internals. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.header('Cache-Control', 'no-store');
  res.send(status, { error: { code, message } });
}
