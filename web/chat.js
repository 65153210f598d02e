/*
 * Signpost patient page: starts or resumes a web chat and renders Bot Framework Web Chat.
 *
 * The chat session (Direct Line token, conversation id, user id) is kept in sessionStorage, so reloading the page
 * resumes the same conversation in this tab; the token is refreshed before it expires. Closing the tab, or "Start a
 * new chat", forgets it. No cookies, nothing sent anywhere but this server (or Azure's Direct Line when configured).
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'signpost.webchat.session';
  // Timings are shares of the token's lifetime as the server states it; for a 30-minute token: refresh with 10 minutes
  // left, check every minute, and resume a stored session only while its token has more than 15 seconds left.
  var DEFAULT_LIFETIME_MS = 30 * 60 * 1000;
  var REFRESH_WHEN_LEFT = 1 / 3;
  var CHECK_EVERY = 1 / 30;
  var RESUME_WHEN_LEFT = 1 / 120;
  var STATUS = { Uninitialized: 0, Connecting: 1, Online: 2, ExpiredToken: 3, FailedToConnect: 4, Ended: 5 };

  var statusElement = document.getElementById('chat-status');
  var chatElement = document.getElementById('chat');

  function announce(text, problem) {
    if (statusElement.textContent !== text) statusElement.textContent = text;
    statusElement.classList.toggle('chat-panel__status--problem', Boolean(problem));
  }

  function loadSession() {
    try {
      var session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      return session && session.token && session.conversationId ? session : null;
    } catch {
      return null;
    }
  }

  function saveSession(session) {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Private browsing may refuse storage: the chat still works, it just will not survive a reload.
    }
  }

  function lifetimeOf(session) {
    return session.lifetimeMs > 0 ? session.lifetimeMs : DEFAULT_LIFETIME_MS;
  }

  function absoluteDomain(domain) {
    return new URL(domain, window.location.href).href.replace(/\/+$/, '');
  }

  async function postJson(url, token) {
    var headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    var response = await fetch(url, { method: 'POST', headers: headers, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) {
      var error = new Error('HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  async function newSession() {
    var answer = await postJson('/api/webchat/token');
    var session = {
      token: answer.token,
      conversationId: answer.conversationId,
      userId: answer.userId,
      domain: absoluteDomain(answer.domain),
      expiresAt: Date.now() + answer.expiresIn * 1000,
      lifetimeMs: answer.expiresIn * 1000,
      started: false,
    };
    saveSession(session);
    return session;
  }

  async function refreshToken(session) {
    var answer = await postJson(session.domain + '/tokens/refresh', session.token);
    session.token = answer.token;
    session.lifetimeMs = (answer.expires_in || DEFAULT_LIFETIME_MS / 1000) * 1000;
    session.expiresAt = Date.now() + session.lifetimeMs;
    saveSession(session);
    return session;
  }

  /** The stored session with a fresh token, or a new one when there is none or it can no longer be refreshed. */
  async function resumeOrStart() {
    var stored = loadSession();
    if (stored && stored.expiresAt - Date.now() > lifetimeOf(stored) * RESUME_WHEN_LEFT) {
      try {
        return { session: await refreshToken(stored), resumed: stored.started };
      } catch {
        // Expired or unknown: start again below.
      }
    }
    return { session: await newSession(), resumed: false, lost: Boolean(stored) };
  }

  function styleOptions() {
    return {
      accent: '#005eb8',
      primaryFont: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      backgroundColor: '#ffffff',
      bubbleBackground: '#f0f4f5',
      bubbleBorderColor: '#768692',
      bubbleBorderWidth: 1,
      bubbleTextColor: '#212b32',
      bubbleFromUserBackground: '#005eb8',
      bubbleFromUserBorderColor: '#005eb8',
      bubbleFromUserTextColor: '#ffffff',
      bubbleMaxWidth: 600,
      subtle: '#4c6272',
      timestampColor: '#4c6272',
      sendBoxTextColor: '#212b32',
      sendBoxPlaceholderColor: '#4c6272',
      sendBoxBorderTop: 'solid 1px #768692',
      sendBoxHeight: 56,
      sendBoxButtonColor: '#005eb8',
      suggestedActionBackgroundColor: '#ffffff',
      suggestedActionBorderColor: '#005eb8',
      suggestedActionTextColor: '#005eb8',
      suggestedActionLayout: 'flow',
      hideUploadButton: true,
    };
  }

  var HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

  /**
   * Signpost writes plain text (the same words go by SMS): show it as written, line breaks kept (a summary is one
   * answer per line), web addresses as links, nothing interpreted as markdown or HTML.
   */
  function renderPlainText(text) {
    var escaped = String(text).replace(/[&<>"]/g, function (ch) {
      return HTML_ESCAPES[ch];
    });
    var linked = escaped.replace(/\bhttps?:\/\/[^\s<]*[^\s<.,;:!?)'"]/g, function (url) {
      return '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + url + '</a>';
    });
    // One element: Web Chat keeps only the elements of what this returns, not bare text. Each line break keeps its
    // newline after the <br>, so what a screen reader is given does not run lines together ("SamDate of birth").
    return '<p>' + linked.replace(/\r?\n/g, '<br>\n') + '</p>';
  }

  /*
   * Web Chat 4.18 formats times with its bundled US English data whatever the locale ("Sent at December 6 at 8:26
   * PM"). On this UK page, every such time it shows or reads out is rewritten the UK way ("6 December at 20:26").
   */
  var US_TIME = /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}) at (\d{1,2}):(\d{2})\s?(AM|PM)\b/g;

  function ukTimes(text) {
    return text.replace(US_TIME, function (_, month, day, hour, minute, half) {
      var h = Number(hour) % 12 + (half === 'PM' ? 12 : 0);
      return Number(day) + ' ' + month + ' at ' + String(h).padStart(2, '0') + ':' + minute;
    });
  }

  function rewriteTimes(root) {
    var walker = document.createTreeWalker(root, window.NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (US_TIME.test(node.nodeValue)) node.nodeValue = ukTimes(node.nodeValue);
      US_TIME.lastIndex = 0;
    }
    var labelled = root.querySelectorAll ? root.querySelectorAll('[aria-label], [title]') : [];
    for (var i = 0; i < labelled.length; i++) {
      ['aria-label', 'title'].forEach(function (name) {
        var value = labelled[i].getAttribute(name);
        if (value && ukTimes(value) !== value) labelled[i].setAttribute(name, ukTimes(value));
      });
    }
  }

  /** The referral's reference, once the bot has said it, kept beside the chat so it stays findable. */
  var REFERENCE = /Your reference is (SP-[0-9A-Z]{5})/;
  var referenceElement = document.getElementById('chat-reference');

  function keepReference(root) {
    if (!referenceElement) return;
    var match = REFERENCE.exec(root.textContent || '');
    if (!match || referenceElement.textContent.indexOf(match[1]) >= 0) return;
    referenceElement.textContent = 'Your reference: ' + match[1] + '. Please keep it.';
    referenceElement.hidden = false;
  }

  function keepTimesUk(element) {
    if (!window.MutationObserver) return;
    var scheduled = false;
    new window.MutationObserver(function () {
      if (scheduled) return;
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        rewriteTimes(element);
        keepReference(element);
      });
    }).observe(element, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'title'] });
  }


  /*
   * Service cards come as a carousel; on this page they are stacked instead, so no card hides behind the carousel's
   * arrows and each reads in order (issue 21).
   */
  function stackCards() {
    return function (next) {
      return function (action) {
        var activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity;
        if (activity && activity.attachmentLayout === 'carousel') {
          return next(Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { attachmentLayout: 'list' }) }) }));
        }
        return next(action);
      };
    };
  }

  function focusSendBox() {
    var input = chatElement.querySelector('input, textarea');
    if (input) input.focus();
  }

  /**
   * Refreshes the token while the page is open, a third of its life before it expires, for a reload (sessionStorage)
   * and for the live connection (otherwise botframework-directlinejs refreshes only every 15 minutes, whatever the
   * token's lifetime).
   */
  function keepTokenFresh(directLine, session) {
    var refreshing = false;
    function check() {
      if (!refreshing && session.expiresAt - Date.now() < lifetimeOf(session) * REFRESH_WHEN_LEFT) {
        refreshing = true;
        // Updates this same session object (the page's one), and what is stored.
        refreshToken(session).then(
          function () {
            refreshing = false;
            directLine.reconnect({ conversationId: session.conversationId, token: session.token });
          },
          function () {
            refreshing = false; // The next check tries again.
          },
        );
      }
      window.setTimeout(check, lifetimeOf(session) * CHECK_EVERY);
    }
    window.setTimeout(check, lifetimeOf(session) * CHECK_EVERY);
  }

  async function start() {
    if (!window.WebChat) {
      announce('The chat could not load. Please reload the page.', true);
      return;
    }
    announce('Starting the chat.');
    var opened;
    try {
      opened = await resumeOrStart();
    } catch {
      announce('The chat could not start. Check your internet connection, then reload the page. If you need help now, see "Need help now?".', true);
      return;
    }
    var session = opened.session;
    var directLine = window.WebChat.createDirectLine({
      domain: session.domain,
      token: session.token,
      conversationId: opened.resumed ? session.conversationId : undefined,
      webSocket: true,
    });

    directLine.connectionStatus$.subscribe(function (status) {
      if (status === STATUS.Connecting) announce(opened.resumed ? 'Reconnecting to your chat.' : 'Connecting to the chat.');
      else if (status === STATUS.Online) {
        if (!session.started) {
          session.started = true;
          saveSession(session);
        }
        announce(opened.resumed ? 'Welcome back. Your chat is below.' : opened.lost ? 'Your last chat had timed out, so this is a new chat.' : 'Connected. Type your message in the box at the bottom of the chat.');
      } else if (status === STATUS.ExpiredToken) announce('The connection has timed out. Reload the page to carry on.', true);
      else if (status === STATUS.FailedToConnect) announce('We could not connect. Check your internet connection, then reload the page.', true);
      else if (status === STATUS.Ended) announce('This chat has ended. Choose "Start a new chat" to begin again.', true);
    });

    keepTokenFresh(directLine, session);

    keepTimesUk(chatElement);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: window.WebChat.createStore({}, stackCards),
        userID: session.userId,
        locale: 'en-GB',
        renderMarkdown: renderPlainText,
        styleOptions: styleOptions(),
      },
      chatElement,
    );
  }

  document.querySelector('.skip-link').addEventListener('click', function () {
    window.setTimeout(focusSendBox, 0);
  });

  document.getElementById('new-chat').addEventListener('click', function () {
    if (!window.confirm('Start a new chat? This clears the chat from this screen.')) return;
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    window.location.reload();
  });

  start();
})();
