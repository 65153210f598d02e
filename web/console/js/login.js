/* The sign-in page: email and password, then (for a one-time password) choosing a new password. */
import { ApiError, loadSession, post, useSession } from './api.js';
import { queryParam, showProblem } from './page.js';

const problem = document.getElementById('problem');
const loginForm = document.getElementById('login-form');
const passwordForm = document.getElementById('password-form');
const title = document.getElementById('title');

/** Where to go after signing in: only a console page of this site. */
function nextPage() {
  const next = queryParam('next');
  return next && /^\/console(\/|\?|$)/.test(next) && !next.startsWith('//') && !next.startsWith('/console/login') ? next : '/console';
}

function askForNewPassword(oneTimePassword) {
  loginForm.hidden = true;
  passwordForm.hidden = false;
  title.textContent = 'Choose a new password';
  document.title = 'Choose a new password: Signpost link worker console';
  const current = document.getElementById('current-password');
  if (oneTimePassword) current.value = oneTimePassword;
  (oneTimePassword ? document.getElementById('new-password') : current).focus();
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = loginForm.email.value.trim();
  const password = loginForm.password.value;
  if (!email || !password) {
    showProblem(problem, 'Enter your email address and your password.');
    return;
  }
  try {
    const session = await post('/api/console/login', { email, password });
    useSession(session);
    showProblem(problem, '');
    if (session.user.mustChangePassword) askForNewPassword(password);
    else window.location.assign(nextPage());
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Something went wrong. Please try again.');
    loginForm.password.value = '';
  }
});

passwordForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const currentPassword = passwordForm.currentPassword.value;
  const newPassword = passwordForm.newPassword.value;
  if (newPassword !== passwordForm.confirmPassword.value) {
    showProblem(problem, 'The two new passwords are not the same.');
    return;
  }
  try {
    await post('/api/console/password', { currentPassword, newPassword });
    window.location.assign(nextPage());
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'Something went wrong. Please try again.');
  }
});

// Already signed in? Carry on (or finish choosing a password).
loadSession({ redirect: false }).then(
  (session) => {
    if (session.user.mustChangePassword) askForNewPassword();
    else window.location.assign(nextPage());
  },
  () => document.getElementById('email').focus(),
);
