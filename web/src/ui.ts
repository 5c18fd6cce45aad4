// Pieces several pages share: headings, loading and error states, period pickers.

import { ApiError, get } from './api';
import { h, message, replace } from './dom';
import { month } from './format';
import type { Overview, Versioned } from './types';

export function pageHeader(title: string, intro?: string): HTMLElement {
  return h(
    'header',
    { class: 'page-header' },
    h('h1', { tabindex: '-1', id: 'page-title' }, title),
    intro ? h('p', { class: 'intro' }, intro) : null,
  );
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);
}

// The API's own message, with the HTTP status, in a sentence.
export function errorText(e: unknown, what: string): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return `Could not load ${what}: ${e.message}.`;
    return `Could not load ${what}: the server answered ${e.status} (${e.message}).`;
  }
  return `Could not load ${what}: ${e instanceof Error ? e.message : String(e)}.`;
}

export function errorBox(e: unknown, what: string): HTMLElement {
  return message('error', errorText(e, what));
}

// Fills `slot` with the result of `load` rendered by `render`, or with the error.
export async function fill<T>(
  slot: HTMLElement,
  what: string,
  load: () => Promise<T>,
  render: (data: T) => Node | Node[],
): Promise<T | null> {
  replace(slot, loading(what));
  try {
    const data = await load();
    const out = render(data);
    replace(slot, ...(Array.isArray(out) ? out : [out]));
    return data;
  } catch (e) {
    replace(slot, errorBox(e, what));
    return null;
  }
}

// The months with data the caller may see (from the overview's trends), oldest first.
export async function dataPeriods(): Promise<{ periods: string[]; latest: string }> {
  const o = await get<Overview>('/api/v1/overview');
  const set = new Set(o.trends.map((t) => t.period));
  set.add(o.period);
  return { periods: [...set].sort(), latest: o.period };
}

export function periodOptions(periods: string[]): [string, string][] {
  return [...periods].reverse().map((p) => [p, month(p)]);
}

export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function badge(text: string, kind: 'good' | 'bad' | 'warn' | 'neutral'): HTMLElement {
  return h('span', { class: `badge badge-${kind}` }, text);
}

// A note when the figures are from before the latest load (newer data is being scored).
export function staleNote(answer: Versioned): HTMLElement | null {
  if (!answer.stale) return null;
  return message('info', 'New data has just been loaded and is being scored: these figures are from before it. Reload the page in a moment to see them.');
}
