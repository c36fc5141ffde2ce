// Query strings for the API: parameters that are undefined, null or '' are left out, so a layer can
// say "no `at`" by not setting it.
export function queryString(params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  }
  return query.toString();
}

export function apiUrl(path, params = {}) {
  const q = queryString(params);
  return q ? `${path}?${q}` : path;
}
