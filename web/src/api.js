// Tiny client for the leotwin API (JSON, and the satellites' binary form). Every call resolves
// (never rejects) to {ok, status, data, error}: the page decides what an unavailable endpoint
// means.
import { apiUrl } from './lib/query.js';
import { SATELLITES_F32_TYPE, decodeSatellitesF32 } from './lib/satellites-f32.js';

// The admin token, when the page was opened with the address `leotwin serve --scenario` prints
// (http://host:port/#token=...): kept for this tab only and removed from the address bar. The
// fragment never reaches a server; the token goes only to this page's own API, as a header.
const TOKEN_KEY = 'leotwin-admin-token';
function adminToken() {
  if (typeof window === 'undefined') return null;
  const m = /^#token=([0-9A-Za-z._~+/=-]{16,512})$/.exec(window.location.hash);
  if (m) {
    window.sessionStorage.setItem(TOKEN_KEY, m[1]);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return window.sessionStorage.getItem(TOKEN_KEY);
}
const token = adminToken();

export function hasAdminToken() {
  return Boolean(token);
}

export function getJson(path, params = {}) {
  return requestJson(path, params);
}

// POSTs `body` (text: an uploaded file) and reads the JSON answer, like getJson.
export function postText(path, params, body) {
  return requestJson(path, params, { method: 'POST', payload: body, contentType: 'text/plain' });
}

async function requestJson(path, params, { method = 'GET', payload = undefined, contentType = undefined } = {}) {
  try {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (contentType) headers['Content-Type'] = contentType;
    const res = await fetch(apiUrl(path, params), { method, headers, body: payload });
    // The satellites' binary form (format=f32) decodes to the JSON form's shape.
    if (res.ok && (res.headers.get('Content-Type') ?? '').startsWith(SATELLITES_F32_TYPE)) {
      try {
        return { ok: true, status: res.status, data: decodeSatellitesF32(await res.arrayBuffer()), error: null };
      } catch (e) {
        return { ok: false, status: res.status, data: null, error: e.message };
      }
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) {
      const message = body?.error?.message ?? `HTTP ${res.status}`;
      return { ok: false, status: res.status, data: null, error: message };
    }
    return { ok: true, status: res.status, data: body, error: null };
  } catch (e) {
    return { ok: false, status: 0, data: null, error: String(e) };
  }
}

// True when a failed call means "this layer has no data on this server" rather than a bug.
export function isUnavailable(result) {
  // 401: the data needs the admin token (terminals), which this page was not given.
  return !result.ok && [401, 404, 501, 503].includes(result.status);
}
