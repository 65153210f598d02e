/*
 * The referral worklist: people who referred themselves, in the order to contact them (urgent first, then the
 * contact promise that runs out first). One referral at a time (?ref=SP-XXXXX): claim it, record each attempt to
 * contact the person, and close it with an outcome.
 */
import { ApiError, get, post } from './api.js';
import { announce, fill, h, queryParam, showProblem, startPage } from './page.js';
import { when } from './format.js';

const STATUSES = ['new', 'in-progress', 'closed'];
const CAPTIONS = {
  new: 'New: urgent first, then whoever must be contacted soonest',
  'in-progress': 'In progress: a link worker is contacting them',
  closed: 'Closed',
};
const CONTACT = { text: 'Text message', phone: 'Phone call', email: 'Email', none: 'Does not want contact' };
const HOW = { phone: 'Phone call', text: 'Text message', email: 'Email', letter: 'Letter', 'in-person': 'In person' };
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

const statusLine = document.getElementById('status');
const problem = document.getElementById('problem');
let status = STATUSES.includes(queryParam('status')) ? queryParam('status') : 'new';
let me = null;

const needsText = (needs) => needs.map((n) => n.label).join(', ') || 'Not known';
/** The last day of the promise (it runs to midnight, so the day before the instant given). */
const lastDay = (iso) => dayFormat.format(new Date(new Date(iso).getTime() - 1));
const who = (item) => (item.claimedBy ? item.claimedBy.firstName + (me && item.claimedBy.id === me.id ? ' (you)' : '') : item.status === 'closed' ? '' : 'Nobody yet');

function dueCell(item) {
  if (item.firstContactAt) return h('td', {}, 'Reached ' + when(item.firstContactAt), item.overdue ? h('div', { class: 'error' }, 'After the promise') : null);
  return h('td', {}, 'By ' + lastDay(item.contactDueBy), item.overdue ? h('div', {}, h('span', { class: 'badge badge--urgent' }, 'Overdue')) : null);
}

function row(item) {
  const name = item.reference + (item.preferredName ? ' (' + item.preferredName + ')' : '');
  return h('tr', {},
    h('th', { scope: 'row' }, item.urgent ? h('span', { class: 'badge badge--urgent' }, 'Urgent') : null, ' ', h('a', { href: '/console/referrals?ref=' + encodeURIComponent(item.reference) }, name), h('div', { class: 'muted' }, 'Made ' + when(item.createdAt))),
    h('td', {}, CONTACT[item.contactMethod] || item.contactMethod),
    h('td', {}, needsText(item.needs)),
    dueCell(item),
    h('td', {}, who(item), item.outcome ? h('div', { class: 'muted' }, 'Outcome: ' + item.outcome.type) : null),
    h('td', {}, item.status === 'new' ? h('button', { type: 'button', class: 'secondary', onclick: () => claim(item.reference) }, 'Claim', h('span', { class: 'visually-hidden' }, ' ' + item.reference)) : null),
  );
}

async function loadList() {
  try {
    const answer = await get('/api/console/referrals?status=' + status);
    document.getElementById('promise').textContent = 'People who referred themselves. We tell them a link worker aims to contact them within ' + answer.contactWorkingDays + ' working days.';
    fill(document.querySelector('#worklist tbody'), answer.referrals.map(row));
    document.getElementById('empty').hidden = answer.referrals.length > 0;
    document.getElementById('worklist-caption').textContent = CAPTIONS[status];
    for (const button of document.querySelectorAll('.tabs button')) button.setAttribute('aria-pressed', String(button.dataset.status === status));
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not load the referrals.');
  }
}

async function claim(reference) {
  try {
    await post('/api/console/referrals/' + encodeURIComponent(reference) + '/claim');
    window.location.assign('/console/referrals?ref=' + encodeURIComponent(reference));
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not claim it.');
  }
}

function facts(list, pairs) {
  fill(list, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([label, value]) => [h('dt', {}, label), h('dd', { text: value })]));
}

async function loadDetail(reference) {
  document.getElementById('list-view').hidden = true;
  document.getElementById('detail-view').hidden = false;
  let detail;
  try {
    detail = await get('/api/console/referrals/' + encodeURIComponent(reference));
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not load the referral.');
    return;
  }
  const r = detail.referral;
  document.getElementById('detail-title').textContent = 'Referral ' + r.reference + (r.urgent ? ' (urgent)' : '');
  document.title = 'Referral ' + r.reference + ': Signpost link worker console';
  facts(document.getElementById('person'), [
    ['Name', r.person.preferredName],
    ['Contact by', CONTACT[r.person.contactMethod] || r.person.contactMethod],
    ['Number or address', r.person.contactValue],
    ['Date of birth', r.person.dateOfBirth],
    ['Postcode', r.person.postcode],
    ['GP practice', r.person.gpPractice],
    ['What matters to them', r.whatMatters],
    ['Needs', needsText(detail.needs)],
    ['Services offered', detail.services.map((s) => s.name || s.id).join(', ')],
    ['Contact them by', r.firstContactAt ? 'Reached ' + when(r.firstContactAt) : 'The end of ' + lastDay(r.contactDueBy)],
    ['Status', r.status + (r.claimedBy ? ', with ' + r.claimedBy.firstName : '')],
    ['Outcome', r.outcome ? r.outcome.type + (r.outcome.detail ? ': ' + r.outcome.detail : '') : null],
    ['Live chat', detail.openChat ? 'Open: close it from the queue' : null],
  ]);
  fill(document.getElementById('contacts'), detail.contacts.map((c) => h('li', {},
    h('strong', {}, (HOW[c.channel] || c.channel) + ': ' + (c.reached ? 'reached' : 'not reached')),
    ' ', h('span', { class: 'muted' }, when(c.at) + (c.worker ? ', ' + c.worker.firstName : '')),
    c.note ? h('div', { text: c.note }) : null)));
  document.getElementById('no-contacts').hidden = detail.contacts.length > 0;
  const mine = r.status === 'in-progress' && me && (r.claimedBy?.id === me.id || me.role === 'admin');
  document.getElementById('claim').hidden = r.status !== 'new';
  document.getElementById('contact-form').hidden = !mine;
  document.getElementById('close-form').hidden = !mine || Boolean(detail.openChat);
}

function wireDetail(reference) {
  const path = '/api/console/referrals/' + encodeURIComponent(reference);
  document.getElementById('claim').addEventListener('click', async () => {
    try {
      await post(path + '/claim');
      announce(statusLine, 'You have claimed ' + reference + '.');
      await loadDetail(reference);
    } catch (error) {
      showProblem(problem, error instanceof ApiError ? error.message : 'Could not claim it.');
    }
  });
  const contactForm = document.getElementById('contact-form');
  contactForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showProblem(problem, '');
    const note = contactForm.note.value.trim();
    try {
      await post(path + '/contacts', { channel: contactForm.channel.value, reached: contactForm.reached.value === 'yes', ...(note ? { note } : {}) });
      contactForm.note.value = '';
      announce(statusLine, 'Contact attempt saved.');
      await loadDetail(reference);
    } catch (error) {
      showProblem(problem, error instanceof ApiError ? error.message : 'Could not save the attempt.');
    }
  });
  const closeForm = document.getElementById('close-form');
  closeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showProblem(problem, '');
    const detail = closeForm.detail.value.trim();
    try {
      const answer = await post(path + '/close', { outcome: closeForm.outcome.value, ...(detail ? { detail } : {}) });
      announce(statusLine, 'Referral closed.' + (answer.personTold ? ' They have been sent a text.' : ''));
      await loadDetail(reference);
    } catch (error) {
      showProblem(problem, error instanceof ApiError ? error.message : 'Could not close it.');
    }
  });
}

async function main() {
  const session = await startPage('referrals');
  me = { id: session.user.id, role: session.user.role };
  const reference = queryParam('ref');
  if (reference) {
    wireDetail(reference);
    await loadDetail(reference);
    return;
  }
  for (const button of document.querySelectorAll('.tabs button')) {
    button.addEventListener('click', () => {
      status = button.dataset.status;
      window.history.replaceState(null, '', '?status=' + status);
      loadList();
    });
  }
  await loadList();
}

main().catch((error) => showProblem(problem, error instanceof ApiError ? error.message : 'Could not open the referrals.'));
