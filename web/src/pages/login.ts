// The sign-in page: user name and password; the API's message when it refuses.

import { ApiError, login } from '../api';
import { h, message, replace } from '../dom';
import type { Principal } from '../types';

export function renderLogin(root: HTMLElement, onSignedIn: (p: Principal) => void, notice?: string): void {
  const status = h('div', { class: 'login-status', 'aria-live': 'polite' });
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, 'Sign in to the cxpact portal'),
    h('p', { class: 'intro' }, 'One set of definitions for every customer-care partner.'),
    notice ? message('info', notice) : null,
    h('div', { class: 'form-row' }, h('label', { for: 'login-user' }, 'User name'), user),
    h('div', { class: 'form-row' }, h('label', { for: 'login-password' }, 'Password'), password),
    submit,
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    replace(status, h('p', { role: 'status' }, 'Signing in…'));
    try {
      const answer = await login(user.value.trim(), password.value);
      onSignedIn(answer.principal);
    } catch (err) {
      const msg =
        err instanceof ApiError && err.status === 401
          ? 'Wrong user name or password.'
          : err instanceof ApiError && err.status === 429
            ? 'Too many attempts: wait a few minutes, then try again.'
            : `Sign-in failed: ${err instanceof Error ? err.message : String(err)}.`;
      replace(status, message('error', msg));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  replace(root, h('main', { id: 'main', class: 'login-page' }, form));
  user.focus();
}
