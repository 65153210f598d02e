/*
 * What every console page shares: building elements safely (text is always set as text, never parsed as HTML), the
 * top bar with navigation and sign-out, and messages for screen readers.
 */
import { loadSession, post } from './api.js';

/** An element with attributes and children; strings become text nodes. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

/** A polite status line (role=status). */
export function announce(element, text, problem) {
  element.textContent = text;
  element.classList.toggle('status--problem', Boolean(problem));
}

/** An error box (role=alert), focused so keyboard users land on it. */
export function showProblem(box, message) {
  if (!message) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  box.textContent = message;
  box.hidden = false;
  box.focus();
}

const PAGES = [
  ['queue', '/console', 'Queue'],
  ['referrals', '/console/referrals', 'Referrals'],
  ['directory', '/console/directory', 'Directory'],
  ['reports', '/console/reports', 'Reports', 'admin'],
];

function renderBar(user, active) {
  const bar = document.getElementById('bar');
  const signOut = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await post('/api/console/logout');
      } finally {
        window.location.assign('/console/login');
      }
    },
  }, 'Sign out');
  fill(bar, h('div', { class: 'bar__inner' },
    h('p', { class: 'bar__title' }, 'Signpost link worker console'),
    h('nav', { 'aria-label': 'Console' }, h('ul', {}, PAGES.filter(([, , , role]) => !role || role === user.role).map(([id, href, label]) => h('li', {}, h('a', { href, 'aria-current': id === active ? 'page' : null }, label))))),
    h('div', { class: 'bar__user' }, h('span', {}, 'Signed in as ', h('strong', {}, user.firstName), user.role === 'admin' ? ' (admin)' : ''), signOut),
  ));
}

/** Checks the session (off to sign in if none) and draws the top bar. */
export async function startPage(active) {
  const session = await loadSession();
  renderBar(session.user, active);
  return session;
}

/** A query string value from the page's address. */
export function queryParam(name) {
  return new window.URLSearchParams(window.location.search).get(name);
}
