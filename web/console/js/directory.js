/*
 * The directory page: find a service, see who it is for and what it costs in the directory's own words, correct what
 * is wrong, and mark it not suitable, closed or wrong number (or clear the mark).
 */
import { ApiError, get, patch, post, request } from './api.js';
import { when } from './format.js';
import { announce, fill, h, showProblem, startPage } from './page.js';

const FIELDS = ['name', 'organisation', 'description', 'phone', 'email', 'url', 'openingText', 'howToAccess', 'eligibility', 'referral', 'fees', 'notes'];
const MARKS = { 'not-suitable': 'Not suitable', closed: 'Closed', 'wrong-number': 'Wrong number' };

/** A form field's value from a service (eligibility is its description). */
const fieldValue = (service, field) => (field === 'eligibility' ? (service.eligibility && service.eligibility.description) || '' : service[field] || '');
const PAGE = 25;

const statusLine = document.getElementById('status');
const problem = document.getElementById('problem');
const results = document.getElementById('results');
const more = document.getElementById('more');
const editor = document.getElementById('editor');
const form = document.getElementById('edit-form');
const marker = document.getElementById('marker');
const markForm = document.getElementById('mark-form');
let marking = null;
let query = '';
let offset = 0;
let editing = null;
let opener = null;

/** A labelled line of the directory's own words, or nothing. */
function words(label, text) {
  return text ? h('div', {}, h('span', { class: 'muted', text: label + ': ' }), h('span', { class: 'prewrap', text })) : null;
}

function markLine(service) {
  if (!service.mark) return null;
  const who = service.mark.byName ? ' by ' + service.mark.byName : '';
  return h('div', { class: 'status-flag', role: 'note', text: 'Marked ' + MARKS[service.mark.kind].toLowerCase() + who + ', ' + when(service.mark.at) + (service.mark.note ? ': ' + service.mark.note : '') });
}

function item(service) {
  const edit = h('button', { type: 'button', class: 'secondary', onclick: (event) => openEditor(service.id, event.currentTarget) }, 'Correct this service', h('span', { class: 'visually-hidden' }, ': ' + service.name));
  const mark = h('button', { type: 'button', class: 'secondary', onclick: (event) => openMarker(service, event.currentTarget) }, 'Mark as not suitable, closed or wrong number', h('span', { class: 'visually-hidden' }, ': ' + service.name));
  const clear = service.mark ? h('button', { type: 'button', class: 'secondary', onclick: () => clearMark(service) }, 'Clear the mark', h('span', { class: 'visually-hidden' }, ': ' + service.name)) : null;
  const restrictions = (service.eligibility && service.eligibility.restrictions) || [];
  return h('li', { 'data-id': service.id },
    h('strong', { text: service.name }),
    service.organisation ? h('div', { class: 'muted', text: service.organisation }) : null,
    service.active ? null : h('div', { class: 'status-flag', text: 'No longer in its live feed: Signpost does not offer it.' }),
    markLine(service),
    h('div', { text: service.needs.map((n) => n.label).join(', ') }),
    service.description ? h('p', { class: 'prewrap', text: service.description }) : null,
    restrictions.length > 0 ? h('div', { class: 'status-flag', text: 'May only be for some people: ' + restrictions.map((r) => '"' + r + '"').join(' ') }) : null,
    words('Who it is for', service.eligibility && service.eligibility.description),
    words('Ages', service.eligibility && (service.eligibility.minAge !== undefined || service.eligibility.maxAge !== undefined) ? (service.eligibility.minAge ?? 0) + ' to ' + (service.eligibility.maxAge ?? 'any age') : ''),
    words('Referral rules', service.referral),
    words('How to get help', service.howToAccess),
    words('Cost', service.fees || (service.free === true ? 'Free' : '')),
    words('Notes', service.notes),
    words('Languages', (service.languages || []).join(', ')),
    words('Access', (service.accessibility || []).join(', ')),
    service.phone ? h('div', { text: 'Phone ' + service.phone }) : null,
    service.url ? h('div', { text: service.url }) : null,
    h('div', { class: 'actions' }, edit, mark, clear),
  );
}

function replaceItem(service) {
  const old = results.querySelector('li[data-id="' + window.CSS.escape(service.id) + '"]');
  if (old) old.replaceWith(item(service));
}

function openMarker(service, button) {
  marking = service;
  opener = button;
  markForm.reset();
  document.getElementById('marker-title').textContent = 'Mark: ' + service.name;
  marker.hidden = false;
  document.getElementById('marker-title').focus();
}

function closeMarker() {
  marker.hidden = true;
  marking = null;
  if (opener && opener.isConnected) opener.focus();
}

async function clearMark(service) {
  try {
    const answer = await request('DELETE', '/api/console/directory/' + encodeURIComponent(service.id) + '/mark');
    replaceItem(answer.service);
    announce(statusLine, 'Cleared the mark on ' + answer.service.name + '.');
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not clear the mark.');
  }
}

markForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!marking) return;
  const kind = markForm.elements.kind.value;
  if (!kind) {
    showProblem(problem, 'Choose what is wrong: not suitable, closed or wrong number.');
    return;
  }
  const note = markForm.elements.note.value.trim();
  try {
    const answer = await post('/api/console/directory/' + encodeURIComponent(marking.id) + '/mark', note ? { kind, note } : { kind });
    replaceItem(answer.service);
    announce(statusLine, 'Marked ' + answer.service.name + ' as ' + MARKS[kind].toLowerCase() + '.');
    opener = results.querySelector('li[data-id="' + window.CSS.escape(answer.service.id) + '"] button');
    closeMarker();
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not save the mark.');
  }
});

document.getElementById('mark-cancel').addEventListener('click', closeMarker);
marker.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeMarker();
});

async function search(append) {
  showProblem(problem, '');
  try {
    const answer = await get('/api/console/directory?q=' + encodeURIComponent(query) + '&offset=' + offset + '&limit=' + PAGE);
    const items = answer.services.map(item);
    if (append) results.append(...items);
    else fill(results, items);
    more.hidden = offset + answer.services.length >= answer.total;
    announce(statusLine, answer.total === 1 ? '1 service found.' : answer.total + ' services found.');
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not search the directory.');
  }
}

async function openEditor(serviceId, button) {
  try {
    const { service } = await get('/api/console/directory/' + encodeURIComponent(serviceId));
    editing = service;
    opener = button;
    for (const field of FIELDS) form.elements[field].value = fieldValue(service, field);
    document.getElementById('editor-title').textContent = 'Correct: ' + service.name;
    editor.hidden = false;
    document.getElementById('editor-title').focus();
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not open that service.');
  }
}

function closeEditor() {
  editor.hidden = true;
  editing = null;
  if (opener && opener.isConnected) opener.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!editing) return;
  const changes = {};
  for (const field of FIELDS) {
    const value = form.elements[field].value.trim();
    if (!value || value === fieldValue(editing, field)) continue;
    if (field === 'eligibility') changes.eligibility = { description: value };
    else changes[field] = value;
  }
  if (Object.keys(changes).length === 0) {
    showProblem(problem, 'Nothing has changed. Change a field, or press Cancel.');
    return;
  }
  try {
    const { service } = await patch('/api/console/directory/' + encodeURIComponent(editing.id), changes);
    replaceItem(service);
    announce(statusLine, 'Saved your changes to ' + service.name + '.');
    opener = results.querySelector('li[data-id="' + window.CSS.escape(service.id) + '"] button');
    closeEditor();
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Could not save your changes.');
  }
});

document.getElementById('cancel').addEventListener('click', closeEditor);
editor.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeEditor();
});

document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  query = document.getElementById('search').value.trim();
  offset = 0;
  search(false);
});

more.addEventListener('click', () => {
  offset += PAGE;
  search(true);
});

startPage('directory').then(() => search(false), (error) => showProblem(problem, error.message));
