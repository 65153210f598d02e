/*
 * Telling a link worker someone is waiting, even when the console is not in front of them: the tab title counts the
 * people waiting ("(3 waiting) Queue: ..."); a short tone when someone new arrives (two for anything urgent), which
 * they can turn off; and, if they choose to turn them on, a desktop notification (the Notification API). A
 * notification says only that someone is waiting or that it is urgent: never a name or what they wrote.
 */
import { get } from './api.js';
import { h, fill } from './page.js';

const SOUND_KEY = 'signpost.console.sound';
const NOTIFY_KEY = 'signpost.console.notifications';
const baseTitle = document.title;
let audio = null;
let container = null;

function stored(key, fallback) {
  try {
    const value = window.localStorage.getItem(key);
    return value === null ? fallback : value === 'on';
  } catch {
    return fallback;
  }
}

function store(key, on) {
  try {
    window.localStorage.setItem(key, on ? 'on' : 'off');
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}

const notificationsSupported = () => typeof window.Notification === 'function';
const soundOn = () => stored(SOUND_KEY, true);
const notificationsOn = () => notificationsSupported() && stored(NOTIFY_KEY, false) && window.Notification.permission === 'granted';

/** A short tone (or two, for urgent), made on the spot: no sound file to load. */
function tone(urgent) {
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === 'suspended') audio.resume().catch(() => undefined);
    const beeps = urgent ? [0, 0.3] : [0];
    for (const start of beeps) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = urgent ? 880 : 660;
      gain.gain.value = 0.15;
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + start);
      oscillator.stop(audio.currentTime + start + 0.18);
    }
  } catch {
    // No sound is better than a broken page.
  }
}

function notify(urgent) {
  if (!notificationsOn()) return;
  try {
    const note = new window.Notification(urgent ? 'Urgent: someone needs help now' : 'Someone new is waiting', {
      body: 'Open the Signpost console to see the queue.',
      tag: urgent ? 'signpost-urgent' : 'signpost-waiting',
      icon: '/icon.svg',
    });
    note.onclick = () => {
      window.focus();
      note.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the title and the tone still tell them.
  }
}

function renderSettings() {
  if (!container) return;
  const sound = soundOn();
  const soundButton = h('button', { type: 'button', class: 'secondary', id: 'sound-toggle', 'aria-pressed': String(sound), onclick: () => {
    store(SOUND_KEY, !soundOn());
    renderSettings();
  } }, 'Sound when someone arrives');
  let notifyControl = null;
  if (notificationsSupported()) {
    const permission = window.Notification.permission;
    if (permission === 'denied') notifyControl = h('span', { class: 'hint' }, 'Desktop notifications are blocked in this browser\'s settings.');
    else notifyControl = h('button', { type: 'button', class: 'secondary', id: 'notify-toggle', 'aria-pressed': String(notificationsOn()), onclick: async () => {
      if (notificationsOn()) store(NOTIFY_KEY, false);
      else {
        const answer = window.Notification.permission === 'granted' ? 'granted' : await window.Notification.requestPermission();
        store(NOTIFY_KEY, answer === 'granted');
      }
      renderSettings();
    } }, 'Desktop notifications');
  }
  fill(container, soundButton, notifyControl);
}

export const alerts = {
  /** Draws the sound and notification switches into `element`. */
  start(element) {
    container = element;
    renderSettings();
  },
  /** Puts the number of people waiting in the tab title. */
  setWaiting(count) {
    document.title = count > 0 ? '(' + count + ' waiting) ' + baseTitle : baseTitle;
  },
  /** Asks the server how many wait (when the page shows another list). */
  async refreshCount() {
    try {
      const answer = await get('/api/console/handoffs?status=waiting');
      alerts.setWaiting(answer.handoffs.length);
    } catch {
      // The title is a convenience; the page says when the server cannot be reached.
    }
  },
  /** Someone new is waiting, or a conversation became urgent. */
  arrived(urgent) {
    if (soundOn()) tone(urgent);
    notify(urgent);
  },
};
