// @ts-check
// The page's calls to its server: JSON in a POST body (the browser's id never goes in a URL).

/**
 * @param {string} path
 * @param {Record<string, unknown>} body
 */
export function postJson(path, body) {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
