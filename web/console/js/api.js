/*
 * The console's JSON API from the browser: same-origin requests with the session cookie, the CSRF token on every
 * change, and one error type with the server's plain message. A lost session sends the person to the sign-in page.
 */
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The sign-in page, coming back here afterwards. */
export function goToLogin(reason) {
  const here = window.location.pathname + window.location.search;
  window.location.assign('/console/login?next=' + encodeURIComponent(here) + (reason ? '#' + reason : ''));
}

export async function request(method, path, body, options) {
  const redirect = !options || options.redirect !== false;
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'Offline', 'The console cannot reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const code = (data && data.code) || 'Error';
    if (redirect && res.status === 401) goToLogin();
    if (redirect && code === 'PasswordChangeRequired') goToLogin('password');
    throw new ApiError(res.status, code, (data && data.message) || 'Something went wrong. Please try again.');
  }
  return data;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body) => request('POST', path, body);
export const patch = (path, body) => request('PATCH', path, body);

/** Who is signed in; keeps the CSRF token for later changes. */
export async function loadSession(options) {
  const session = await get('/api/console/session', options);
  csrfToken = session.csrfToken;
  return session;
}

export function useSession(session) {
  csrfToken = session.csrfToken;
}
