/*
 * One conversation: summary, the conversation so far (live), replying to the person, private notes, the referral and
 * the services they were offered, and finishing with an outcome. Everything people wrote is shown as text.
 */
import { ApiError, get, post } from './api.js';
import { announce, fill, h, queryParam, showProblem, startPage } from './page.js';
import { calendarDate, duration, when } from './format.js';
import { needsText, personText, riskText } from './glance.js';
import { live } from './live.js';
import { download } from './download.js';
import { attachReplies } from './replies.js';

const OUTCOMES = {
  signposted: 'Signposted to services',
  referred: 'Referred to a named service',
  'no-contact': 'No contact',
  'not-eligible': 'Not eligible',
  'safeguarding-escalated': 'Safeguarding escalated',
  'handed-back': 'Handed back to the bot',
  declined: 'Social prescribing declined',
};
// The channel each message went by, in words.
const CHANNELS = { directline: 'web chat', sms: 'text message', webchat: 'web chat', msteams: 'Teams', emulator: 'emulator' };
const channelWords = (channel) => CHANNELS[channel] || channel;
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
    ['Person', personText(handoff)],
    ['Channel', handoff.channelName],
    ['Risk', riskText(handoff) || null],
    ['Their words', handoff.risk && handoff.risk.words ? '"' + handoff.risk.words + '"' : null],
    ['Needs', needsText(handoff.needs) || 'None recorded'],
    ['Summary', handoff.summary],
    ['Asked for help', when(handoff.createdAt)],
    ['Waited', handoff.status === 'waiting' ? duration(Date.now() - new Date(handoff.createdAt).getTime()) + ' so far' : duration(handoff.waitingMs)],
    ['First reply', handoff.firstReplyAt ? 'after ' + duration(handoff.replyWaitMs) : handoff.status === 'closed' ? 'none' : 'not yet' + (handoff.firstReplyTargetMs ? ' (target ' + duration(handoff.firstReplyTargetMs) + ')' : '')],
    ['Who has it', handoff.status === 'closed' ? null : who],
    ['Outcome', handoff.outcome ? OUTCOMES[handoff.outcome.type] + (handoff.outcome.detail ? ': ' + handoff.outcome.detail : '') : null],
  ]);
  document.getElementById('claim').hidden = handoff.status !== 'waiting';
  document.getElementById('release').hidden = !(handoff.status === 'active' && (mine() || me.role === 'admin'));
  document.getElementById('transfer-form').hidden = !(handoff.status === 'active' && (mine() || me.role === 'admin'));
  const canReply = mine();
  document.getElementById('via-field').hidden = !handoff.textBack;
  if (handoff.textBack) document.getElementById('via-sms').textContent = 'Text message to the mobile ending ' + handoff.textBack.ending;
  document.getElementById('reply').disabled = !canReply;
  document.getElementById('send').disabled = !canReply;
  document.getElementById('reply-hint').textContent = canReply ? '' : handoff.status === 'closed' ? 'This conversation is finished.' : 'Claim this conversation to reply.';
  const canClose = handoff.status === 'active' && (mine() || me.role === 'admin');
  for (const control of closeForm.elements) control.disabled = !canClose;
  document.getElementById('close-panel').hidden = handoff.status === 'closed';
}

let lastEntry = null;

/** The last message was the worker's own question, still unanswered: finishing now needs a second press. */
function awaitingAnswer() {
  return Boolean(lastEntry && lastEntry.from === 'worker' && /\?\s*$/.test(lastEntry.text));
}

function resetCloseConfirmation() {
  delete closeForm.dataset.confirmed;
  document.getElementById('close').textContent = 'Finish and tell the person';
}

function addMessage(entry) {
  if (shown.has(key(entry))) return;
  shown.add(key(entry));
  lastEntry = entry;
  resetCloseConfirmation();
  const who = entry.from === 'worker' ? (entry.workerName || (entry.worker && entry.worker.firstName) || 'Link worker') + ' (link worker)' : FROM[entry.from] || entry.from;
  const by = entry.channel || (entry.from === 'system' ? null : handoff && handoff.channel);
  transcript.append(h('li', { class: 'from-' + entry.from }, h('span', { class: 'who' }, who), h('span', { class: 'when' }, when(entry.at)), by ? h('span', { class: 'channel muted', text: 'by ' + channelWords(by) }) : null, h('span', { class: 'text', text: entry.text })));
  transcript.scrollTop = transcript.scrollHeight;
}

function addNote(note) {
  notes.append(h('li', {}, h('span', { text: note.text }), h('div', { class: 'muted' }, (note.worker ? note.worker.firstName : 'Unknown') + ', ' + when(note.at))));
}

// ONS4, as the person was asked them (0 to 10; for anxiety, higher is worse).
const ONS4 = [['lifeSatisfaction', 'satisfied with life'], ['worthwhile', 'things worthwhile'], ['happiness', 'happy yesterday'], ['anxiety', 'anxious yesterday']];

function wellbeingText(scores) {
  if (!scores) return 'Not given';
  const given = ONS4.filter(([key]) => typeof scores[key] === 'number').map(([key, label]) => label + ' ' + scores[key] + '/10');
  return given.length ? given.join(', ') : 'Not given';
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
      ['Date of birth', person.dateOfBirth ? calendarDate(person.dateOfBirth) + (detail.handoff.person && detail.handoff.person.age !== null ? ' (age ' + detail.handoff.person.age + ')' : '') : null],
      ['Postcode', person.postcode],
      ['Contact by', person.contactMethod + (person.contactValue ? ': ' + person.contactValue : '')],
      ['GP practice', person.gpPractice ? person.gpPractice + (person.gpPracticeOds ? ' (ODS ' + person.gpPracticeOds + ')' : '') : undefined],
      ['NHS number', referral.personDetails && referral.personDetails.nhsNumber],
      ['Gender', referral.personDetails && referral.personDetails.gender],
      ['Ethnic group', referral.personDetails && referral.personDetails.ethnicGroup],
      ['What matters to them', referral.whatMatters],
      ['Wellbeing at the start', wellbeingText(referral.wellbeingAtIntake)],
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

const STATUS_WORDS = { waiting: 'waiting', active: 'active', closed: 'closed' };

/** Earlier referrals and conversations of the same person (matched by the server; each opens in the console). */
async function loadHistory() {
  const referralsList = document.getElementById('history-referrals');
  const handoffsList = document.getElementById('history-handoffs');
  try {
    const history = await get('/api/console/handoffs/' + encodeURIComponent(id) + '/history');
    fill(referralsList, history.referrals.length
      ? history.referrals.map((r) => h('li', {}, h('strong', { text: r.reference }), ' ' + when(r.createdAt) + ', by ' + r.channelName + (r.needs.length ? '. Needs: ' + needsText(r.needs) : '') + (r.outcome ? '. Outcome: ' + r.outcome.type : '')))
      : [h('li', { class: 'muted' }, 'None')]);
    fill(handoffsList, history.handoffs.length
      ? history.handoffs.map((x) => h('li', {}, h('a', { href: '/console/handoff?id=' + encodeURIComponent(x.id) }, when(x.createdAt) + ', by ' + x.channelName), ' (' + STATUS_WORDS[x.status] + (x.outcome ? ': ' + (OUTCOMES[x.outcome.type] || x.outcome.type) : '') + ')'))
      : [h('li', { class: 'muted' }, 'None')]);
  } catch (error) {
    fill(referralsList, h('li', { class: 'muted' }, error instanceof ApiError ? error.message : 'Could not load their earlier contact.'));
    fill(handoffsList);
  }
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
  loadHistory();

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

  const transferForm = document.getElementById('transfer-form');
  const colleagues = (await get('/api/console/colleagues')).colleagues;
  transferForm.to.append(...colleagues.map((c) => h('option', { value: c.id, text: c.firstName })));
  transferForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const to = transferForm.to.value;
    if (!to) return showProblem(problem, 'Choose a colleague to pass this conversation to.');
    const name = transferForm.to.selectedOptions[0].textContent;
    act(async () => {
      const answer = await post('/api/console/handoffs/' + encodeURIComponent(id) + '/transfer', { to });
      Object.assign(handoff, answer.handoff);
      renderSummary();
      transferForm.to.value = '';
    }, 'Passed to ' + name + '. The person has been told.');
  });

  replyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = replyForm.text.value;
    if (!text.trim()) return showProblem(problem, 'Write a reply first.');
    act(async () => {
      const via = replyForm.via.value;
      const answer = await post('/api/console/handoffs/' + encodeURIComponent(id) + '/messages', via ? { text, via } : { text });
      addMessage(answer.entry);
      replyForm.text.value = '';
      replyForm.text.focus();
    }, 'Sent.');
  });

  attachReplies({ textarea: replyForm.text, handoffId: id, onProblem: (message) => showProblem(problem, message), onStatus: (message) => announce(statusLine, message) });

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
    if (awaitingAnswer() && !closeForm.dataset.confirmed) {
      closeForm.dataset.confirmed = 'asked';
      document.getElementById('close').textContent = 'Finish anyway';
      return showProblem(problem, 'Your last message asked them a question and they have not answered yet. Press "Finish anyway" to finish now, or wait for their answer.');
    }
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
      if (event.change === 'transferred' && event.claimedBy && event.claimedBy.id === me.id) announce(statusLine, 'This conversation has been passed to you.', true);
    },
  }, document.getElementById('live'));
}

main().catch((error) => showProblem(problem, error instanceof ApiError ? error.message : 'Could not load this conversation.'));
