/**
 * The console's entry: sign in, then a view chosen by the URL fragment — #/customers (with its
 * filters), #/customers/<percent-encoded id> or #/dialling (the company's dialling and audit trail). A key the API refuses mid-session (revoked) signs
 * the tab out.
 */
import { customerListView } from './customer-list.ts';
import { customerPageView } from './customer-page.ts';
import { diallingView } from './dialling.ts';
import { h } from './dom.ts';
import { clientFor, forgetKey, KeyRefused, storedKey } from './session.ts';
import { signInView } from './sign-in.ts';

const root = document.getElementById('app') as HTMLElement;

function header(): HTMLElement {
  const signOut = h('button', { type: 'button', class: 'sign-out' }, 'Sign out');
  signOut.addEventListener('click', () => {
    forgetKey();
    void render();
  });
  return h(
    'header',
    { class: 'top' },
    h('a', { href: '#/customers', class: 'brand' }, 'Callwise console'),
    h(
      'nav',
      { 'aria-label': 'Main' },
      h('a', { href: '#/customers' }, 'Customers'),
      h('a', { href: '#/dialling' }, 'Dialling'),
      h('a', { href: '/docs' }, 'API reference'),
    ),
    signOut,
  );
}

function signedOut(notice?: string): void {
  root.replaceChildren(
    h(
      'main',
      {},
      signInView(() => void render(), notice),
    ),
  );
  root.querySelector('input')?.focus();
}

async function render(): Promise<void> {
  const key = storedKey();
  if (!key) return signedOut();
  const api = clientFor(key);
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  const main = h('main', { id: 'main' }, h('p', {}, 'Loading…'));
  root.replaceChildren(header(), main);
  try {
    const customer = /^\/customers\/(.+)$/.exec(path);
    const redraw = () => void render();
    const view = customer
      ? await customerPageView(api, decodeURIComponent(customer[1] as string), redraw)
      : path === '/dialling'
        ? await diallingView(api, redraw)
        : await customerListView(api, new URLSearchParams(query));
    main.replaceChildren(view);
    main.querySelector('h1')?.setAttribute('tabindex', '-1');
    main.querySelector<HTMLElement>('h1')?.focus();
  } catch (error) {
    failed(error);
  }
}

function failed(error: unknown): void {
  if (error instanceof KeyRefused) {
    forgetKey();
    signedOut('The API refused this key (revoked?): sign in again.');
  } else {
    root.append(h('p', { role: 'alert', class: 'error' }, 'Something went wrong talking to the server; reload to try again.'));
  }
}

root.addEventListener('console-error', (event) => failed((event as CustomEvent).detail));
window.addEventListener('hashchange', () => void render());
void render();
