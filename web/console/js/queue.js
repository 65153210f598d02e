/* The queue page: waiting, active or closed conversations, urgent first then oldest, kept up to date live. */
import { ApiError, get, post } from './api.js';
import { announce, fill, h, queryParam, startPage } from './page.js';
import { clockOffset, when } from './format.js';
import { live } from './live.js';
import { needsText, personText, riskElements, waitElements } from './glance.js';
import { alerts } from './notify.js';

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


function row(item) {
  const claimButton = item.status === 'waiting'
    ? h('button', { type: 'button', class: 'secondary', onclick: () => claim(item.id) }, 'Claim', h('span', { class: 'visually-hidden' }, ': ' + item.summary))
    : null;
  const who = item.claimedBy ? item.claimedBy.firstName + (me && item.claimedBy.id === me.id ? ' (you)' : '') : item.status === 'closed' ? '' : 'Nobody yet';
  return h('tr', { 'data-id': item.id },
    h('td', {}, h('span', { class: 'badge ' + (item.priority === 'urgent' ? 'badge--urgent' : 'badge--normal') }, item.priority === 'urgent' ? 'Urgent' : 'Normal'), riskElements(item)),
    h('td', { class: 'person' }, h('strong', { text: personText(item) }), h('div', { class: 'muted' }, item.channelName)),
    h('td', {},
      needsText(item.needs) ? h('div', { text: 'Needs: ' + needsText(item.needs) }) : null,
      h('div', { class: 'muted', text: item.summary }),
      item.outcome ? h('div', { class: 'muted' }, 'Outcome: ' + item.outcome.type) : null),
    h('td', { class: 'waiting' }, h('div', { class: 'wait' }, waitElements(item, Date.now() + offset)), h('div', { class: 'muted' }, 'Since ' + when(item.createdAt))),
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
    if (status === 'waiting') alerts.setWaiting(items.length);
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

function searchResult(result) {
  const r = result.referral;
  const who = personText({ person: r.person });
  return h('li', {},
    h('strong', { text: who }), ' ' + r.reference + ', ' + when(r.createdAt) + ', by ' + r.channelName,
    result.handoffs.length
      ? h('ul', {}, result.handoffs.map((x) => h('li', {}, h('a', { href: '/console/handoff?id=' + encodeURIComponent(x.id) }, 'Conversation ' + when(x.createdAt)), ' (' + x.status + ')')))
      : h('div', { class: 'muted' }, 'No conversation with a link worker'));
}

async function search(q) {
  const section = document.getElementById('search-results');
  try {
    const answer = await get('/api/console/search?q=' + encodeURIComponent(q));
    fill(document.getElementById('search-list'), answer.results.length ? answer.results.map(searchResult) : [h('li', { class: 'muted' }, 'Nobody found.')]);
    section.hidden = false;
    announce(statusLine, answer.results.length === 1 ? '1 person found.' : answer.results.length + ' people found.');
  } catch (error) {
    section.hidden = true;
    announce(statusLine, error instanceof ApiError ? error.message : 'Could not search.', true);
  }
}

async function main() {
  const session = await startPage('queue');
  document.getElementById('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search(document.getElementById('search-q').value);
  });
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
      if (event.change === 'enqueued') {
        announce(statusLine, event.priority === 'urgent' ? 'An urgent conversation is waiting.' : 'Someone new is waiting.');
        alerts.arrived(event.priority === 'urgent');
      } else if (event.change === 'escalated') {
        announce(statusLine, 'A conversation is now urgent.');
        alerts.arrived(true);
      } else if (event.change === 'flagged') announce(statusLine, 'Someone has waited too long for a reply.', true);
      reloadSoon();
      if (status !== 'waiting') alerts.refreshCount();
    },
  }, document.getElementById('live'));
  alerts.start(document.getElementById('alert-settings'));
  await load();
  if (status !== 'waiting') alerts.refreshCount();
  // Waiting times tick on without asking the server.
  window.setInterval(() => {
    for (const item of items) {
      const cell = body.querySelector('tr[data-id="' + item.id + '"] .wait');
      if (cell && item.status !== 'closed') fill(cell, waitElements(item, Date.now() + offset));
    }
  }, 30000);
}

main().catch((error) => announce(statusLine, error.message || 'Could not start the console.', true));
