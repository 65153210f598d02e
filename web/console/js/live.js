/*
 * Live updates from the server (Server-Sent Events). The browser reconnects by itself after a network blip; if the
 * stream is refused (the session ended), the page checks the session, which sends the person to sign in.
 */
import { loadSession } from './api.js';

export function live(url, handlers, badge) {
  const source = new EventSource(url, { withCredentials: true });
  const show = (text, good) => {
    if (!badge) return;
    badge.textContent = text;
    badge.classList.toggle('badge--live', good);
    badge.classList.toggle('badge--normal', !good);
  };
  source.addEventListener('ready', () => {
    show('Live', true);
    if (handlers.ready) handlers.ready();
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      show('Not live: reload the page', false);
      loadSession().catch(() => undefined);
    } else show('Reconnecting', false);
  });
  for (const [name, handle] of Object.entries(handlers)) {
    if (name === 'ready') continue;
    source.addEventListener(name, (event) => handle(JSON.parse(event.data)));
  }
  window.addEventListener('pagehide', () => source.close());
  return source;
}
