// The portal's entry point: finds out who is signed in (GET /api/v1/me), shows the login page
// or the layout, and renders the page the address names (hash routing).

import './styles.css';

import { logout, me, setUnauthorizedHandler } from './api';
import { disposeCharts } from './charts';
import { h, replace } from './dom';
import { kRoleNames } from './format';
import { loadMetricCatalog } from './metrics';
import type { Page } from './page';
import { contractsPage } from './pages/contracts';
import { insightsPage } from './pages/insights';
import { renderLogin } from './pages/login';
import { overviewPage } from './pages/overview';
import { qualityPage } from './pages/quality';
import { rankPage } from './pages/rank';
import { scorecardPage } from './pages/scorecard';
import { uploadsPage } from './pages/uploads';
import { currentRoute } from './router';
import { canUpload } from './session';
import type { Principal } from './types';
import { errorBox } from './ui';

interface NavItem {
  path: string;
  label: string;
  page: Page;
  show: (p: Principal) => boolean;
}

const kNav: NavItem[] = [
  { path: 'overview', label: 'Overview', page: overviewPage, show: () => true },
  { path: 'scorecard', label: 'Scorecard', page: scorecardPage, show: () => true },
  { path: 'contracts', label: 'Contracts & invoices', page: contractsPage, show: () => true },
  { path: 'rank', label: 'Rank & allocation', page: rankPage, show: () => true },
  { path: 'quality', label: 'Data quality', page: qualityPage, show: () => true },
  { path: 'uploads', label: 'Uploads', page: uploadsPage, show: canUpload },
  { path: 'insights', label: 'Insights', page: insightsPage, show: () => true },
];

const root = document.getElementById('app') as HTMLElement;
let principal: Principal | null = null;
let generation = 0; // Incremented on every navigation; a page's alive() compares it.

function showLogin(notice?: string): void {
  principal = null;
  disposeCharts();
  document.title = 'Sign in · cxpact portal';
  renderLogin(
    root,
    (p) => {
      principal = p;
      if (currentRoute().path[0] === 'login' || !location.hash) location.hash = '#/overview';
      else void render();
    },
    notice,
  );
}

function layout(p: Principal, active: string): HTMLElement {
  const who = p.partner ? `${p.user} · ${kRoleNames[p.role]} of ${p.partner}` : `${p.user} · ${kRoleNames[p.role]}`;
  const signOut = h('button', { type: 'button', class: 'link-button', id: 'sign-out' }, 'Sign out');
  signOut.addEventListener('click', async () => {
    try {
      await logout();
    } catch {
      // The session may be gone already; the login page follows either way.
    }
    location.hash = '#/login';
    showLogin('You are signed out.');
  });
  return h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, h('a', { href: '#/overview' }, 'cxpact'), h('span', { class: 'brand-sub' }, 'partner portal')),
    h(
      'nav',
      { 'aria-label': 'Main' },
      h(
        'ul',
        {},
        kNav
          .filter((n) => n.show(p))
          .map((n) => h('li', {}, h('a', { href: `#/${n.path}`, 'aria-current': n.path === active ? 'page' : null }, n.label))),
      ),
    ),
    h('div', { class: 'who' }, h('span', { id: 'who' }, who), signOut),
  );
}

async function render(): Promise<void> {
  const gen = ++generation;
  disposeCharts();
  if (!principal) {
    showLogin();
    return;
  }
  const route = currentRoute();
  if (route.path[0] === 'login') {
    location.replace('#/overview');
    return;
  }
  const item = kNav.find((n) => n.path === route.path[0] && n.show(principal!)) ?? kNav[0];
  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(root, layout(principal, item.path), main, h('footer', {}, 'cxpact · one set of definitions for every customer-care partner'));
  document.title = `${item.label} · cxpact portal`;
  try {
    await loadMetricCatalog(); // Once: the metrics' meanings, which every page shows.
    await item.page({ main, principal, route, alive: () => gen === generation });
  } catch (e) {
    if (gen === generation) main.append(errorBox(e, item.label));
  }
  if (gen === generation) {
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }
}

async function start(): Promise<void> {
  setUnauthorizedHandler(() => {
    if (principal) showLogin('Your session has ended: please sign in again.');
  });
  // "Skip to content" without touching the hash (the hash is the route).
  document.querySelector('.skip-link')?.addEventListener('click', (e) => {
    e.preventDefault();
    (document.getElementById('main') as HTMLElement | null)?.focus();
  });
  window.addEventListener('hashchange', () => void render());
  try {
    principal = await me();
  } catch (e) {
    replace(root, errorBox(e, 'the portal'));
    return;
  }
  await render();
}

void start();
