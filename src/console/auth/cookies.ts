/** Reading the Cookie header and writing Set-Cookie values: just what the console's session cookie needs. */

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 clears the cookie. */
  maxAge: number;
}

export function serializeCookie(name: string, value: string, { secure, maxAge }: CookieOptions): string {
  return [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAge))}`, ...(secure ? ['Secure'] : [])].join('; ');
}
