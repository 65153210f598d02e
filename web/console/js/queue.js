/* The queue page: waiting, active or closed conversations, urgent first then oldest, kept up to date live. */
import { ApiError, get, post } from './api.js';
import { announce, fill, h, queryParam, startPage } from './page.js';
import { clockOffset, duration, when } from './format.js';
import { live } from './live.js';

const STATUSES = ['waiting', 'active', 'closed'];
const CAPTIONS = {
  waiting: 'Waiting: urgent first, then whoever has waited longest',
  active: 'Active: someone is talking to them',
  closed: 'Closed',
};

const statusLine = document.getElementById('status');
const body = document.querySelector('#queue tbody');
const empty = document.getElementById('empty');
let status = STATUSES.includes(queryParam('status')) ? queryParam('status') : 'waiting';
let items = [];
let offset = 0;
let me = null;

function openLink(item) {
  return h('a', { href: '/console/handoff?id=' + encodeURIComponent(item.id) }, 'Open', h('span', { class: 'visually-hidden' }, ': ' + item.summary));
}

function waitingText(item) {
  if (item.status === 'waiting') return duration(Date.now() + offset - new Date(item.createdAt).getTime());
  return duration(item.waitingMs) + (item.status === 'active' ? ' (until claimed)' : '');
}

function row(item) {
  const claimButton = item.status === 'waiting'
    ? h('button', { type: 'button', class: 'secondary', onclick: () => claim(item.id) }, 'Claim', h('span', { class: 'visually-hidden' }, ': ' + item.summary))
    : null;
  const who = item.claimedBy ? item.claimedBy.firstName + (me && item.claimedBy.id === me.id ? ' (you)' : '') : item.status === 'closed' ? '' : 'Nobody yet';
  return h('tr', { 'data-id': item.id },
    h('td', {}, h('span', { class: 'badge ' + (item.priority === 'urgent' ? 'badge--urgent' : 'badge--normal') }, item.priority === 'urgent' ? 'Urgent' : 'Normal')),
    h('td', {}, h('span', { text: item.summary }), item.outcome ? h('div', { class: 'muted' }, 'Outcome: ' + item.outcome.type) : null),
    h('td', { class: 'waiting' }, waitingText(item), h('div', { class: 'muted' }, 'Since ' + when(item.createdAt))),
    h('td', {}, who, item.replyOverdue ? h('div', { class: 'badge badge--urgent' }, 'Waiting for a reply') : null),
    h('td', {}, h('div', { class: 'actions' }, openLink(item), claimButton)),
  );
}

function render() {
  fill(body, items.map(row));
  empty.hidden = items.length > 0;
  document.getElementById('queue-caption').textContent = CAPTIONS[status];
  for (const button of document.querySelectorAll('.tabs button')) button.setAttribute('aria-pressed', String(button.dataset.status === status));
}

async function load() {
  try {
    const answer = await get('/api/console/handoffs?status=' + status);
    offset = clockOffset(answer.now);
    items = answer.handoffs;
    render();
  } catch (error) {
    announce(statusLine, error instanceof ApiError ? error.message : 'Could not load the queue.', true);
  }
}

async function claim(id) {
  try {
    await post('/api/console/handoffs/' + encodeURIComponent(id) + '/claim');
    window.location.assign('/console/handoff?id=' + encodeURIComponent(id));
  } catch (error) {
    announce(statusLine, error.status === 409 ? 'Someone else has just claimed that conversation.' : error.message, true);
    load();
  }
}

let reloadTimer = null;
function reloadSoon() {
  window.clearTimeout(reloadTimer);
  reloadTimer = window.setTimeout(load, 250);
}

async function main() {
  const session = await startPage('queue');
  me = session.user;
  for (const button of document.querySelectorAll('.tabs button')) {
    button.addEventListener('click', () => {
      status = button.dataset.status;
      window.history.replaceState(null, '', '/console?status=' + status);
      load();
    });
  }
  document.getElementById('take-next').addEventListener('click', async () => {
    try {
      const answer = await post('/api/console/handoffs/claim-next');
      if (!answer) announce(statusLine, 'Nobody is waiting.');
      else window.location.assign('/console/handoff?id=' + encodeURIComponent(answer.handoff.id));
    } catch (error) {
      announce(statusLine, error.message, true);
    }
  });
  live('/api/console/events', {
    ready: load,
    queue: (event) => {
      if (event.change === 'enqueued') announce(statusLine, event.priority === 'urgent' ? 'An urgent conversation is waiting.' : 'Someone new is waiting.');
      else if (event.change === 'escalated') announce(statusLine, 'A conversation is now urgent.');
      else if (event.change === 'flagged') announce(statusLine, 'Someone has waited too long for a reply.', true);
      reloadSoon();
    },
  }, document.getElementById('live'));
  await load();
  // Waiting times tick on without asking the server.
  window.setInterval(() => {
    for (const item of items) {
      const cell = body.querySelector('tr[data-id="' + item.id + '"] .waiting');
      if (cell && item.status === 'waiting') cell.firstChild.textContent = waitingText(item);
    }
  }, 30000);
}

main().catch((error) => announce(statusLine, error.message || 'Could not start the console.', true));
