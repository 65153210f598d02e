/* The directory page: find a service and correct what is wrong with it. */
import { ApiError, get, patch } from './api.js';
import { announce, fill, h, showProblem, startPage } from './page.js';

const FIELDS = ['name', 'organisation', 'description', 'phone', 'email', 'url', 'openingText', 'howToAccess'];
const PAGE = 25;

const statusLine = document.getElementById('status');
const problem = document.getElementById('problem');
const results = document.getElementById('results');
const more = document.getElementById('more');
const editor = document.getElementById('editor');
const form = document.getElementById('edit-form');
let query = '';
let offset = 0;
let editing = null;
let opener = null;

function item(service) {
  const edit = h('button', { type: 'button', class: 'secondary', onclick: (event) => openEditor(service.id, event.currentTarget) }, 'Correct this service', h('span', { class: 'visually-hidden' }, ': ' + service.name));
  return h('li', { 'data-id': service.id },
    h('strong', { text: service.name }),
    service.organisation ? h('div', { class: 'muted', text: service.organisation }) : null,
    h('div', { text: service.needs.map((n) => n.label).join(', ') }),
    service.phone ? h('div', { text: 'Phone ' + service.phone }) : null,
    service.url ? h('div', { text: service.url }) : null,
    h('div', { class: 'actions' }, edit),
  );
}

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
    for (const field of FIELDS) form.elements[field].value = service[field] || '';
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
    if (value && value !== (editing[field] || '')) changes[field] = value;
  }
  if (Object.keys(changes).length === 0) {
    showProblem(problem, 'Nothing has changed. Change a field, or press Cancel.');
    return;
  }
  try {
    const { service } = await patch('/api/console/directory/' + encodeURIComponent(editing.id), changes);
    const old = results.querySelector('li[data-id="' + window.CSS.escape(service.id) + '"]');
    if (old) old.replaceWith(item(service));
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
