// What every page gets: where to render, who is signed in, the route.

import type { Route } from './router';
import type { Principal } from './types';

export interface PageContext {
  main: HTMLElement; // Empty, attached; the page fills it.
  principal: Principal;
  route: Route;
  // False once the user has moved to another page: async work stops writing.
  alive: () => boolean;
}

export type Page = (ctx: PageContext) => Promise<void> | void;
