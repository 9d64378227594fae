// The one way the web app talks to the server: JSON over fetch, the language in
// Accept-Language, the CSRF token on every change, and problem+json errors turned into
// ApiError with the server's message in the current language.
import { appI18n } from './i18n/app.js';

export class ApiError extends Error {
  constructor(status, problem) {
    const text = problem?.title ? problem.title + (problem.detail ? `：${problem.detail}` : '') : '';
    super(text || appI18n().global.t('common.error.unknown'));
    this.status = status;
    this.code = problem?.code ?? '';
    this.field = problem?.field ?? '';
    this.detail = problem?.detail ?? '';
    this.aborted = false;
  }
}

// The error of a call its caller aborted; null when it was not aborted.
function aborted(signal) {
  if (!signal?.aborted) return null;
  const error = new ApiError(0, { title: 'aborted' });
  error.aborted = true;
  return error;
}

const csrf = { console: '', portal: '' };
let onUnauthorized = () => {};

export function setCsrf(face, token) {
  csrf[face] = token ?? '';
}

// Called with the face ('console' or 'portal') when the server says the session is gone.
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

// Sign-in calls answer 401 for a wrong password: that is not a lost session.
const signIn = ['/api/v1/auth/login', '/api/v1/portal/login', '/api/v1/portal/activate'];

// `restoring`: the call checks whether a session survives a reload; its 401 is an answer for the
// route guard, which sends the visitor to sign-in with the page they asked for.
// `file`: a File sent as the body itself (an upload), instead of JSON; its name goes in the
// query string (file_name) where the caller wants it.
// `signal`: an AbortSignal; a call aborted by it rejects with an ApiError whose `aborted` is
// true, which callers drop (a newer call has taken its place).
export async function request(method, path, body, { face = 'console', restoring = false, file = null, signal } = {}) {
  const headers = { 'Accept-Language': appI18n().global.locale.value === 'en' ? 'en' : 'zh-CN' };
  if (file) {
    headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf[face];
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
      signal,
    });
  } catch {
    throw aborted(signal) ?? new ApiError(0, {title: appI18n().global.t('common.error.network')});
  }
  let text;
  try {
    text = await res.text();
  } catch {
    throw aborted(signal) ?? new ApiError(0, {title: appI18n().global.t('common.error.network')});
  }
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const error = new ApiError(res.status, data);
    if (res.status === 401 && !restoring && !signIn.includes(path)) onUnauthorized(face);
    throw error;
  }
  return data;
}

// A query string of the non-empty values of `params`.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body = {}, options) => request('POST', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  del: (path, options) => request('DELETE', path, undefined, options),
  upload: (path, file) => request('POST', path, undefined, { file }),
};
