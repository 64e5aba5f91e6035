/** Sign in: the API key is tried against the API before it is kept for the tab. */
import { h } from './dom.ts';
import { clientFor, keepKey } from './session.ts';

export function signInView(onSignedIn: () => void, notice?: string): HTMLElement {
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const message = h('p', { class: 'error', role: 'alert' }, notice ?? '');
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Callwise console'),
    h('p', {}, "Sign in with your company's API key. It is kept for this browser tab only and forgotten when the tab closes."),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    message.textContent = '';
    void clientFor(key)
      .GET('/task-types')
      .then(({ response }) => {
        if (response.status === 401) message.textContent = 'This key was refused: it is unknown or has been revoked.';
        else if (!response.ok) message.textContent = `The server answered ${response.status}; try again.`;
        else {
          keepKey(key);
          input.value = '';
          onSignedIn();
        }
      })
      .catch(() => {
        message.textContent = 'The server could not be reached.';
      });
  });
  return form;
}
