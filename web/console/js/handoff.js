/*
 * One conversation: summary, the conversation so far (live), replying to the person, private notes, the referral and
 * the services they were offered, and finishing with an outcome. Everything people wrote is shown as text.
 */
import { ApiError, get, post } from './api.js';
import { announce, fill, h, queryParam, showProblem, startPage } from './page.js';
import { duration, when } from './format.js';
import { live } from './live.js';
import { download } from './download.js';

const OUTCOMES = {
  signposted: 'Signposted to services',
  referred: 'Referred to a named service',
  'no-contact': 'No contact',
  'not-eligible': 'Not eligible',
  'safeguarding-escalated': 'Safeguarding escalated',
  'handed-back': 'Handed back to the bot',
  declined: 'Social prescribing declined',
};
// system lines are Signpost's notes for link workers, which the person did not see.
const FROM = { patient: 'Person', bot: 'Signpost', system: 'Signpost note (not sent)' };

const id = queryParam('id');
const statusLine = document.getElementById('status');
const problem = document.getElementById('problem');
const transcript = document.getElementById('transcript');
const notes = document.getElementById('notes');
const replyForm = document.getElementById('reply-form');
const closeForm = document.getElementById('close-form');
let me = null;
let handoff = null;
const shown = new Set();

const key = (entry) => [entry.from, entry.at, entry.text].join('|');

function facts(list, pairs) {
  fill(list, pairs.filter(([, value]) => value !== null && value !== undefined && value !== '').flatMap(([label, value]) => [h('dt', {}, label), h('dd', { text: value })]));
}

function mine() {
  return handoff && handoff.status === 'active' && handoff.claimedBy && handoff.claimedBy.id === me.id;
}

function renderSummary() {
  const who = handoff.claimedBy ? handoff.claimedBy.firstName + (handoff.claimedBy.id === me.id ? ' (you)' : '') : 'Nobody yet';
  facts(document.getElementById('summary'), [
    ['Priority', handoff.priority === 'urgent' ? 'Urgent' : 'Normal'],
    ['Status', handoff.status === 'waiting' ? 'Waiting' : handoff.status === 'active' ? 'Active' : 'Closed'],
    ['Summary', handoff.summary],
    ['Channel', handoff.channel],
    ['Asked for help', when(handoff.createdAt)],
    ['Waited', handoff.status === 'waiting' ? duration(Date.now() - new Date(handoff.createdAt).getTime()) + ' so far' : duration(handoff.waitingMs)],
    ['Who has it', handoff.status === 'closed' ? null : who],
    ['Outcome', handoff.outcome ? OUTCOMES[handoff.outcome.type] + (handoff.outcome.detail ? ': ' + handoff.outcome.detail : '') : null],
  ]);
  document.getElementById('claim').hidden = handoff.status !== 'waiting';
  document.getElementById('release').hidden = !(handoff.status === 'active' && (mine() || me.role === 'admin'));
  const canReply = mine();
  document.getElementById('reply').disabled = !canReply;
  document.getElementById('send').disabled = !canReply;
  document.getElementById('reply-hint').textContent = canReply ? '' : handoff.status === 'closed' ? 'This conversation is finished.' : 'Claim this conversation to reply.';
  const canClose = handoff.status === 'active' && (mine() || me.role === 'admin');
  for (const control of closeForm.elements) control.disabled = !canClose;
  document.getElementById('close-panel').hidden = handoff.status === 'closed';
}

function addMessage(entry) {
  if (shown.has(key(entry))) return;
  shown.add(key(entry));
  const who = entry.from === 'worker' ? (entry.workerName || (entry.worker && entry.worker.firstName) || 'Link worker') + ' (link worker)' : FROM[entry.from] || entry.from;
  transcript.append(h('li', { class: 'from-' + entry.from }, h('span', { class: 'who' }, who), h('span', { class: 'when' }, when(entry.at)), h('span', { class: 'text', text: entry.text })));
  transcript.scrollTop = transcript.scrollHeight;
}

function addNote(note) {
  notes.append(h('li', {}, h('span', { text: note.text }), h('div', { class: 'muted' }, (note.worker ? note.worker.firstName : 'Unknown') + ', ' + when(note.at))));
}

function renderReferral(detail) {
  const referral = detail.referral;
  document.getElementById('fhir-actions').hidden = !(referral && referral.consent && referral.consent.given);
  document.getElementById('fhir').dataset.reference = referral ? referral.reference : '';
  if (!referral) {
    facts(document.getElementById('referral'), [['Referral', 'None yet: they have not given details.']]);
  } else {
    const person = referral.person || {};
    facts(document.getElementById('referral'), [
      ['Reference', referral.reference],
      ['Name', person.preferredName],
      ['Date of birth', person.dateOfBirth],
      ['Postcode', person.postcode],
      ['Contact by', person.contactMethod + (person.contactValue ? ': ' + person.contactValue : '')],
      ['GP practice', person.gpPractice ? person.gpPractice + (person.gpPracticeOds ? ' (ODS ' + person.gpPracticeOds + ')' : '') : undefined],
      ['NHS number', referral.personDetails && referral.personDetails.nhsNumber],
      ['Gender', referral.personDetails && referral.personDetails.gender],
      ['Ethnic group', referral.personDetails && referral.personDetails.ethnicGroup],
      ['What matters to them', referral.whatMatters],
      ['Consent', referral.consent && referral.consent.given ? 'Given ' + when(referral.consent.at) : 'Not given'],
    ]);
  }
  fill(document.getElementById('needs'), detail.needs.length ? detail.needs.map((n) => h('li', { text: n.label })) : [h('li', { class: 'muted' }, 'None recorded')]);
  fill(document.getElementById('services'), detail.services.length
    ? detail.services.map((s) => (s.missing ? h('li', { class: 'muted' }, 'A service no longer in the directory') : h('li', {}, h('strong', { text: s.name }), s.phone ? h('div', { text: 'Phone ' + s.phone }) : null, s.url && /^https?:\/\//i.test(s.url) ? h('div', {}, h('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, s.url)) : null)))
    : [h('li', { class: 'muted' }, 'None offered yet')]);
}

async function load() {
  const detail = await get('/api/console/handoffs/' + encodeURIComponent(id));
  handoff = detail.handoff;
  document.getElementById('title').textContent = 'Conversation: ' + handoff.summary;
  renderSummary();
  fill(transcript);
  shown.clear();
  handoff.transcript.forEach(addMessage);
  fill(notes);
  handoff.notes.forEach(addNote);
  renderReferral(detail);
}

async function act(work, done) {
  showProblem(problem, '');
  try {
    await work();
    if (done) announce(statusLine, done);
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Something went wrong. Please try again.');
  }
}

async function main() {
  if (!id) {
    showProblem(problem, 'No conversation chosen. Go back to the queue.');
    return;
  }
  const session = await startPage('queue');
  me = session.user;
  await load();

  document.getElementById('claim').addEventListener('click', () => act(async () => {
    const answer = await post('/api/console/handoffs/' + encodeURIComponent(id) + '/claim');
    Object.assign(handoff, answer.handoff);
    renderSummary();
    document.getElementById('reply').focus();
  }, 'You have this conversation. The person has been told you are here.'));

  document.getElementById('fhir').addEventListener('click', (event) => {
    const reference = event.currentTarget.dataset.reference;
    act(async () => {
      const name = await download('/api/console/referrals/' + encodeURIComponent(reference) + '/fhir', reference + '.fhir.json');
      announce(statusLine, 'Downloaded ' + name + '.');
    });
  });

  document.getElementById('release').addEventListener('click', () => act(async () => {
    const answer = await post('/api/console/handoffs/' + encodeURIComponent(id) + '/release');
    Object.assign(handoff, answer.handoff);
    renderSummary();
  }, 'Put back in the queue for someone else.'));

  replyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = replyForm.text.value;
    if (!text.trim()) return showProblem(problem, 'Write a reply first.');
    act(async () => {
      const answer = await post('/api/console/handoffs/' + encodeURIComponent(id) + '/messages', { text });
      addMessage(answer.entry);
      replyForm.text.value = '';
      replyForm.text.focus();
    }, 'Sent.');
  });

  // Ctrl+Enter (or Cmd+Enter) sends, as in most chat tools; Enter alone makes a new line.
  replyForm.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) replyForm.requestSubmit();
  });

  document.getElementById('note-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const text = form.text.value;
    if (!text.trim()) return showProblem(problem, 'Write a note first.');
    act(async () => {
      await post('/api/console/handoffs/' + encodeURIComponent(id) + '/notes', { text });
      form.text.value = '';
    }, 'Note saved.');
  });

  closeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const outcome = closeForm.outcome.value;
    const detail = closeForm.detail.value.trim();
    if (!outcome) return showProblem(problem, 'Choose an outcome.');
    if (outcome === 'referred' && !detail) return showProblem(problem, 'Name the service you referred them to.');
    act(async () => {
      const answer = await post('/api/console/handoffs/' + encodeURIComponent(id) + '/close', detail ? { outcome, detail } : { outcome });
      Object.assign(handoff, answer.handoff);
      renderSummary();
      announce(statusLine, answer.patientTold ? 'Finished. The person has been told.' : 'Finished, but the person could not be told: their chat may have ended.', !answer.patientTold);
    });
  });

  live('/api/console/events?handoff=' + encodeURIComponent(id), {
    message: (event) => {
      addMessage(event.entry);
      if (event.entry.from === 'patient') announce(statusLine, 'New message from the person.');
    },
    note: (event) => addNote(event.note),
    status: (event) => {
      handoff.status = event.status;
      handoff.claimedBy = event.claimedBy;
      handoff.outcome = event.outcome;
      // Escalation only ever makes a conversation urgent (crisis words, or asking again in crisis): said in words.
      if (event.change === 'escalated') handoff.priority = 'urgent';
      renderSummary();
      if (event.change === 'escalated') announce(statusLine, 'This conversation is now urgent.', true);
    },
  }, document.getElementById('live'));
}

main().catch((error) => showProblem(problem, error instanceof ApiError ? error.message : 'Could not load this conversation.'));
