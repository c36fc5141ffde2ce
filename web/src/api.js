// Tiny client for the leotwin JSON API. Every call resolves (never rejects) to
// {ok, status, data, error}: the page decides what an unavailable endpoint means.
import { apiUrl } from './lib/query.js';

export async function getJson(path, params = {}) {
  try {
    const res = await fetch(apiUrl(path, params), { headers: { Accept: 'application/json' } });
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
  return !result.ok && (result.status === 404 || result.status === 501 || result.status === 503);
}
