/*
 * Saved (canned) replies in the reply box, by keyboard: typing "/" at the start of the box or after a space opens the
 * list (so does the "Saved replies" button); type to narrow it, Up and Down to choose, Enter to insert the reply
 * filled in for this person ({firstName} and the like), Escape to go back to the box. The worker reads and can change
 * the words before sending. A new saved reply can be added for the whole team from the same place.
 */
import { ApiError, get, post } from './api.js';
import { fill, h } from './page.js';

export function attachReplies({ textarea, handoffId, onProblem, onStatus }) {
  const popup = document.getElementById('replies-popup');
  const filter = document.getElementById('replies-filter');
  const list = document.getElementById('replies-list');
  const openButton = document.getElementById('replies-open');
  const addForm = document.getElementById('reply-add-form');
  let replies = [];
  let shown = [];
  let active = -1;
  let insertAt = 0;

  function render() {
    const words = filter.value.trim().toLowerCase();
    shown = replies.filter((r) => !words || r.title.toLowerCase().includes(words) || r.text.toLowerCase().includes(words));
    if (active >= shown.length) active = shown.length - 1;
    if (active < 0 && shown.length) active = 0;
    fill(list, shown.length
      ? shown.map((reply, i) => h('li', { id: 'reply-option-' + i, role: 'option', 'aria-selected': String(i === active), class: 'reply-option', onclick: () => choose(i) },
        h('strong', { text: reply.title }), h('span', { class: 'muted', text: ' ' + reply.filled })))
      : [h('li', { role: 'option', 'aria-selected': 'false', 'aria-disabled': 'true', class: 'muted' }, replies.length ? 'No saved reply matches.' : 'No saved replies yet: add one below.')]);
    if (active >= 0) filter.setAttribute('aria-activedescendant', 'reply-option-' + active);
    else filter.removeAttribute('aria-activedescendant');
  }

  async function open() {
    insertAt = textarea.selectionStart;
    try {
      replies = (await get('/api/console/replies?handoff=' + encodeURIComponent(handoffId))).replies;
    } catch (error) {
      onProblem(error instanceof ApiError ? error.message : 'Could not load the saved replies.');
      return;
    }
    filter.value = '';
    active = 0;
    popup.hidden = false;
    filter.setAttribute('aria-expanded', 'true');
    render();
    filter.focus();
  }

  function close() {
    popup.hidden = true;
    filter.setAttribute('aria-expanded', 'false');
    textarea.focus();
  }

  function choose(index) {
    const reply = shown[index];
    if (!reply) return;
    const before = textarea.value.slice(0, insertAt);
    const after = textarea.value.slice(insertAt);
    textarea.value = before + reply.filled + after;
    close();
    const cursor = before.length + reply.filled.length;
    textarea.setSelectionRange(cursor, cursor);
    onStatus('Inserted "' + reply.title + '". Read it through, then send.');
  }

  textarea.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || textarea.disabled) return;
    const before = textarea.value.slice(0, textarea.selectionStart);
    if (before !== '' && !/\s$/.test(before)) return;
    event.preventDefault();
    open();
  });
  openButton.addEventListener('click', open);
  filter.addEventListener('input', () => {
    active = 0;
    render();
  });
  filter.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!shown.length) return;
      active = (active + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  popup.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && event.target !== filter) {
      event.preventDefault();
      close();
    }
  });

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Not addForm.title: a form's own title attribute would hide the field of that name.
    const title = document.getElementById('reply-add-title').value;
    const text = document.getElementById('reply-add-text').value;
    if (!title.trim() || !text.trim()) return onProblem('Give the saved reply a name and some words.');
    try {
      await post('/api/console/replies', { title, text });
      addForm.reset();
      onStatus('Saved "' + title.trim() + '" for the team.');
      replies = (await get('/api/console/replies?handoff=' + encodeURIComponent(handoffId))).replies;
      render();
      filter.focus();
    } catch (error) {
      onProblem(error instanceof ApiError ? error.message : 'Could not save the reply.');
    }
  });
}
