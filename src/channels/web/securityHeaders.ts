/**
 * Security headers for pages this server serves (the patient page and the link worker console): a
 * Content-Security-Policy with no inline script (and no inline style unless a page needs it), framing refused, no
 * referrer, no MIME sniffing, no powerful features; on https, HSTS and an upgrade of any plain-http request.
 */
import type { Response } from 'restify';

export interface PagePolicy {
  /** Extra origins scripts on the page may connect to (fetch, XHR, WebSocket), beyond the page's own. */
  connectSrc?: string[];
  /** Who may frame the page: 'none' unless told otherwise. */
  frameAncestors?: string[];
  /** Send Strict-Transport-Security (only when the server is reached over https). */
  hsts?: boolean;
  /**
   * Allow inline styles (<style> elements and style attributes). Only for a page whose library styles itself at run
   * time (Web Chat: emotion injects <style> elements); pages of our own keep to their stylesheets.
   */
  inlineStyles?: boolean;
}

export function contentSecurityPolicy(policy: PagePolicy = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', policy.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'data:', 'blob:']],
    ['connect-src', ["'self'", ...(policy.connectSrc ?? [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', policy.frameAncestors?.length ? policy.frameAncestors : ["'none'"]],
    ...(policy.hsts ? ([['upgrade-insecure-requests', []]] as [string, string[]][]) : []),
  ];
  return directives.map(([name, values]) => [name, ...values].join(' ')).join('; ');
}

/** Sets the headers on one response. */
export function setSecurityHeaders(res: Response, policy: PagePolicy = {}): void {
  res.header('Content-Security-Policy', contentSecurityPolicy(policy));
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  res.header('X-Frame-Options', policy.frameAncestors?.length ? 'SAMEORIGIN' : 'DENY');
  res.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  res.header('Cross-Origin-Opener-Policy', 'same-origin');
  res.header('Cross-Origin-Resource-Policy', 'same-origin');
  if (policy.hsts) res.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
