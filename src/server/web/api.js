// @ts-check
// The page's calls to its server: JSON in a POST body (the browser's id never goes in a URL), with
// the token the server gave for that id in a header a cross-site form cannot set.

const KEY = 'massage-coach.id';

/** @typedef {{ session: string, token: string }} Identity */

/** @type {Promise<Identity> | null} */
let identity = null;

function keptId() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage blocked: a new id each load
  }
}

/**
 * This browser's id and token: the id it kept, confirmed by the server, or a new one it issues
 * (the same user after a reload; another browser or device is another user).
 * @returns {Promise<Identity>}
 */
async function hello() {
  const kept = keptId();
  const response = await fetch('/console/hello', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(kept && /^[A-Za-z0-9-]{8,64}$/.test(kept) ? { session: kept } : {}),
  });
  if (!response.ok) throw new Error(`hello: HTTP ${response.status}`);
  /** @type {Identity} */
  const given = await response.json();
  try {
    localStorage.setItem(KEY, given.session);
  } catch {
    /* kept for this page only */
  }
  return given;
}

/**
 * A JSON POST to a route that needs no identity (the plan check): no id, no token.
 * @param {string} path
 * @param {unknown} body
 */
export function postPlain(path, body) {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Asks for this browser's id at load, so the first words do not wait for it. */
export function greetServer() {
  identity ??= hello();
  identity.catch(() => (identity = null));
}

/**
 * POSTs a body with this browser's id in it and its token in the header; asks for the id again
 * once when the server no longer knows the token (a new key after a restart without SNAPSHOT_KEYS).
 * @param {string} path
 * @param {Record<string, unknown>} body
 * @returns {Promise<Response>}
 */
export async function postJson(path, body) {
  for (let attempt = 0; ; attempt += 1) {
    identity ??= hello();
    let who;
    try {
      who = await identity;
    } catch (error) {
      identity = null;
      throw error;
    }
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-coach-token': who.token },
      body: JSON.stringify({ ...body, session: who.session }),
    });
    if (response.status !== 403 || attempt > 0) return response;
    identity = null;
  }
}

/**
 * Takes on the journal of another device from the code it showed: this browser keeps that id from now on.
 * @param {string} code
 * @returns {Promise<boolean>} whether the code worked
 */
export async function adoptCode(code) {
  const response = await postPlain('/console/hello', { code });
  if (!response.ok) return false;
  /** @type {Identity} */
  const given = await response.json();
  try {
    localStorage.setItem(KEY, given.session);
  } catch {
    /* kept for this page only */
  }
  identity = Promise.resolve(given);
  return true;
}
