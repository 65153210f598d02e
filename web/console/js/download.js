/*
 * Downloading a file from the console API (a CSV, a FHIR record): fetched with the session cookie, so an error comes
 * back as the server's plain message instead of a downloaded error page, then saved under the server's file name.
 */
import { ApiError, goToLogin } from './api.js';

function fileNameOf(res, fallback) {
  const match = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
  return match ? match[1] : fallback;
}

/** Fetches `path` and saves it; resolves with the file name, or throws ApiError with a message to show. */
export async function download(path, fallbackName) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'Offline', 'The console cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) {
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (res.status === 401) goToLogin();
    throw new ApiError(res.status, (data && data.code) || 'Error', (data && data.message) || 'The download did not work. Please try again.');
  }
  const name = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
