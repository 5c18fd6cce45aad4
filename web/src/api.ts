// The portal's JSON API (docs/api.md): fetch with the session cookie, the CSRF token on every
// POST, errors as ApiError carrying the server's message. Uploads go through XMLHttpRequest
// for its upload progress events.

import type { Principal } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// The CSRF token of this tab's session. The login answer carries it; GET /api/v1/me carries
// it too when the server sends one. Kept in sessionStorage (this tab only, gone when the tab
// closes) so a reload keeps it: it is useless without the HttpOnly session cookie.
const kCsrfKey = 'cxpact.csrf';
let csrf: string | null = sessionStorage.getItem(kCsrfKey);

export function setCsrf(token: string | null): void {
  csrf = token;
  if (token) sessionStorage.setItem(kCsrfKey, token);
  else sessionStorage.removeItem(kCsrfKey);
}

export function hasCsrf(): boolean {
  return csrf !== null && csrf !== '';
}

// Called on a 401 (the session ended): the app shows the login page.
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

async function errorOf(res: Response): Promise<ApiError> {
  let msg = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) msg = body.error;
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(res.status, msg);
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, authed = true): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'POST' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'the server cannot be reached');
  }
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && authed) onUnauthorized();
    throw err;
  }
  return (await res.json()) as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);

export function q(params: Record<string, string | number | null | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') s.set(k, String(v));
  }
  const out = s.toString();
  return out ? `?${out}` : '';
}

export const enc = encodeURIComponent;

export interface LoginAnswer {
  csrf: string;
  principal: Principal;
  expires: number;
}

export async function login(user: string, password: string): Promise<LoginAnswer> {
  const answer = await request<LoginAnswer>('POST', '/api/v1/login', { user, password }, false);
  setCsrf(answer.csrf);
  return answer;
}

export async function logout(): Promise<void> {
  try {
    await post('/api/v1/logout', {});
  } finally {
    setCsrf(null);
  }
}

// Who is signed in, or null without a live session.
export async function me(): Promise<Principal | null> {
  try {
    const answer = await request<{ principal: Principal; csrf?: string }>('GET', '/api/v1/me', undefined, false);
    if (answer.csrf) setCsrf(answer.csrf);
    return answer.principal;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrf(null);
      return null;
    }
    throw e;
  }
}

// POSTs `file` as the body of /api/v1/uploads/{kind}, reporting the share sent (0..1).
export function upload<T>(kind: string, file: File, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/uploads/${enc(kind)}`);
    xhr.setRequestHeader('X-File-Name', file.name);
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const msg =
        body && typeof (body as { error?: unknown }).error === 'string'
          ? (body as { error: string }).error
          : xhr.statusText || `HTTP ${xhr.status}`;
      if (xhr.status === 401) onUnauthorized();
      reject(new ApiError(xhr.status, msg));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'the upload was interrupted (network error)')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'the upload was cancelled')));
    xhr.send(file);
  });
}
