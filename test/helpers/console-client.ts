/**
 * The page's side of the console protocol for tests: an id and its token from /console/hello,
 * per browser name, then JSON POSTs with the id in the body and the token in its header.
 */
export function consoleClient(baseUrl: string) {
  const browsers = new Map<string, { session: string; token: string }>();
  const identity = async (name: string) => {
    let known = browsers.get(name);
    if (!known) {
      const response = await fetch(`${baseUrl}/console/hello`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (response.status !== 200) throw new Error(`hello: HTTP ${response.status}`);
      known = (await response.json()) as { session: string; token: string };
      browsers.set(name, known);
    }
    return known;
  };
  const post = async (path: string, body: Record<string, unknown> & { browser?: string }) => {
    const { browser, ...rest } = body;
    const who = browser === undefined ? undefined : await identity(browser);
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(who ? { 'x-coach-token': who.token } : {}) },
      body: JSON.stringify({ ...(who ? { session: who.session } : {}), ...rest }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return {
    post,
    /** What a browser says, as the page sends it. */
    say: (browser: string, text: string, locale?: string) =>
      post('/console/say', { browser, text, ...(locale ? { locale } : {}) }),
    /** The store's user id of a browser. */
    userOf: async (browser: string) => `console:${(await identity(browser)).session}`,
    identity,
  };
}
