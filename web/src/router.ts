// Hash routing: "#/scorecard/delta?period=2026-03" -> path ["scorecard", "delta"] and params.
// Pages update their own params with setParams (replaceState: no reload, no history entry).

export interface Route {
  path: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [p, q] = hash.split('?', 2);
  const path = p.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { path, params: new URLSearchParams(q ?? '') };
}

export function href(path: string[], params?: Record<string, string | null | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v) s.set(k, v);
  const qs = s.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

export function navigate(path: string[], params?: Record<string, string | null | undefined>): void {
  const target = href(path, params);
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}

// Records the page's state in the address without re-rendering.
export function setParams(params: Record<string, string | null | undefined>): void {
  const r = currentRoute();
  const merged: Record<string, string | null | undefined> = Object.fromEntries(r.params.entries());
  Object.assign(merged, params);
  history.replaceState(null, '', href(r.path, merged));
}
