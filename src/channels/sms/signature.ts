/**
 * Twilio request signatures (X-Twilio-Signature): HMAC-SHA1 of the URL Twilio called plus every POST field, keyed by
 * the auth token, checked with the twilio library. The URL is PUBLIC_URL + the path and query as received, so it
 * holds behind proxies that change the host or scheme. Without Twilio, the simulator signs the same way with a
 * token derived from the app secret.
 */
import { createHmac } from 'node:crypto';
import type { Request } from 'restify';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { formParams, type Params } from './inbound';

export const SIGNATURE_HEADER = 'x-twilio-signature';

/** The auth token the local simulator signs with: derived from the app secret, never the secret itself. */
export function simulatorAuthToken(secret: string): string {
  return createHmac('sha256', secret).update('signpost-sms-simulator-auth-token').digest('hex');
}

/** The URL Twilio signed for this request: the public base URL and the path with its query string. */
export function signedUrl(publicUrl: string, req: Request): string {
  return `${publicUrl}${req.url ?? ''}`;
}

/** The request's POST fields (every one, from the raw body) and whether its signature is good. */
export function verifySignedRequest(req: Request, publicUrl: string, authToken: string): { valid: boolean; params: Params } {
  const isForm = (req.getContentType?.() ?? '') === 'application/x-www-form-urlencoded';
  const params = isForm ? formParams((req as Request & { rawBody?: unknown }).rawBody) : {};
  const header = req.header(SIGNATURE_HEADER);
  if (typeof header !== 'string' || header.length === 0) return { valid: false, params };
  return { valid: validateRequest(authToken, header, signedUrl(publicUrl, req), params), params };
}
