import nock from 'nock';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { setLogSink } from '../src/log';
import { Conversation } from '../src/runtime/conversation';
import { createApp } from '../src/server/app';
import { MemoryStore } from '../src/store/memory-store';
import { simulator } from './helpers/simulator';
import { startServer } from './helpers/server';
import { consoleClient } from './helpers/console-client';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  if (!nock.isActive()) nock.activate();
  nock.enableNetConnect('127.0.0.1');
  setLogSink('silent');
  server = await startServer();
});
afterAll(async () => {
  await server.close();
  nock.restore();
});

let client: ReturnType<typeof consoleClient>;
/** What a browser says, with the id and token its page would have; `session` is the browser's name here. */
const say = ({ session, ...rest }: { session?: string; text?: string; locale?: string }) =>
  (client ??= consoleClient(server.baseUrl)).post('/console/say', {
    ...(session ? { browser: session } : {}),
    ...rest,
  });

describe('the web console', () => {
  it('serves the page at / with its script module, styles, manifest and service worker', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toMatch(
      /<html lang="en-US">[\s\S]*<script type="module" src="\/app.js"><\/script>[\s\S]*<form id="say"/,
    );
    // Nothing inline: the page runs under script-src 'self' and style-src 'self'.
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=/);
    for (const [path, type] of [
      ['/app.js', /javascript/],
      ['/style.css', /css/],
      ['/sw.js', /javascript/],
      ['/manifest.webmanifest', /manifest\+json|json/],
      ['/icons/icon-192.png', /png/],
    ] as const) {
      const asset = await fetch(`${server.baseUrl}${path}`);
      expect({ path, status: asset.status, type: asset.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: expect.stringMatching(type),
      });
    }
    expect(await (await fetch(`${server.baseUrl}/app.js`)).text()).toMatch(/console\/say/);
    expect((await fetch(`${server.baseUrl}/page.html`)).status).toBe(404);
  });

  it('serves the German page from ?locale=de-DE or the browser languages, labels from the locale files', async () => {
    const asked = await (await fetch(`${server.baseUrl}/?locale=de-DE`)).text();
    expect(asked).toMatch(/<html lang="de-DE">[\s\S]*Coaching starten[\s\S]*Meine Daten löschen/);
    const browser = await (
      await fetch(`${server.baseUrl}/`, { headers: { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' } })
    ).text();
    expect(browser).toMatch(/<html lang="de-DE">/);
    // Every label filled in (the placeholders left are the script's, inside its strings).
    expect(browser.replace(/data-strings="[^"]*"/, '')).not.toMatch(/\{\{/);
  });

  it('talks to the coach with timed segments to play, one session per browser', async () => {
    const launch = await say({ session: 'browser-one', text: '<launch>' });
    expect(launch.status).toBe(200);
    expect(launch.body.line.speech).toMatch(/^Welcome to Massage Coach/);
    await say({ session: 'browser-one', text: 'start neck release' });
    const ready = await say({ session: 'browser-one', text: 'ready' });
    expect(ready.body.line).toMatchObject({ routine: 'neck', step: { id: 'warm-up' }, holdSeconds: 30 });
    expect(ready.body.segments.some((s: any) => s.kind === 'silence' && s.seconds > 5)).toBe(true);
    expect(ready.body.holds).toEqual([{ unit: 0, start: expect.any(Number), end: expect.any(Number) }]);
    expect(ready.body.holds[0].end - ready.body.holds[0].start).toBeCloseTo(30, 0);
    // Asked at once, inside the warm-up: the hold is still (nearly) whole.
    const asked = await say({ session: 'browser-one', text: 'how much longer' });
    // The answer counts what is still to be said before the hold ends, not only the clock.
    const left = Number(/About (\d+) seconds left on this one/.exec(asked.body.line.speech)?.[1]);
    expect(left).toBeGreaterThanOrEqual(30);
    expect(left).toBeLessThanOrEqual(45);
    const other = await say({ session: 'browser-two', text: 'hilfe', locale: 'de-DE' });
    expect(other.body.line.speech).toMatch(/Nenn mir einen Bereich/);
  });

  it.each([
    [{ session: 'x', text: 'hi' }, /session must be 8 to 64/],
    [{ text: '' }, /text/],
    [{ text: 'hi' }, /session/],
  ])('answers bad input %p with 400 and a reason', async (body, reason) => {
    const { token } = await (client ??= consoleClient(server.baseUrl)).identity('browser-one');
    const response = await fetch(`${server.baseUrl}/console/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-coach-token': token },
      body: JSON.stringify('session' in body || body.text === 'hi' ? body : { ...body, session: 'browser-one' }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(reason);
  });

  it('returns the position, the clock words and the platform bodies of the same turn', async () => {
    await say({ session: 'browser-dev', text: 'start neck release' });
    const ready = await say({ session: 'browser-dev', text: 'ready' });
    expect(ready.body.view).toMatchObject({
      routine: 'Neck release',
      step: 'Warm-up',
      stepIndex: 0,
      stepCount: 4,
      holdSeconds: 30,
    });
    expect(ready.body.inspect).toMatchObject({
      event: { type: 'READY' === ready.body.inspect.event.type ? 'READY' : expect.any(String) },
      routine: 'neck',
      holdSeconds: 30,
    });
    expect(ready.body.inspect.ssml).toMatch(/^<speak>/);
    expect(ready.body.inspect.alexa.response.outputSpeech.ssml).toMatch(/^<speak>/);
    expect(JSON.stringify(ready.body.inspect.alexa.response.directives)).toMatch(/Alexa.Presentation.APLA/);
    expect(ready.body.inspect.dialogflowCx.fulfillmentResponse.messages[1].outputAudioText.ssml).toMatch(/^<speak>/);
    expect(ready.body.inspect.dialogflowEs.fulfillmentText).toMatch(/Sit or stand tall, and make slow, gentle circles/);
  });

  it('is absent when CONSOLE=off', async () => {
    const { createApp } = await import('../src/server/app');
    const { Conversation } = await import('../src/runtime/conversation');
    const { MemoryStore } = await import('../src/store/memory-store');
    const app = createApp({ conversation: new Conversation(new MemoryStore()), env: {}, console: false });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    const port = (listening.address() as { port: number }).port;
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    listening.close();
  });
});

const listen = async (app: ReturnType<typeof createApp>) => {
  const listening = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, close: () => listening.close() };
};
const clients = new Map<string, ReturnType<typeof consoleClient>>();
const clientOf = (url: string) => clients.get(url) ?? clients.set(url, consoleClient(url)).get(url)!;
/** A browser named `session` says `text`, as its page would. */
const sayTo = async (url: string, { session, text }: { session: string; text: string }) =>
  (await clientOf(url).say(session, text)).body;
const userOf = (url: string, browser: string) => clientOf(url).userOf(browser);

describe("the page's labels", () => {
  it('exist in every locale with the same keys (locales/*/web.json)', async () => {
    const { webResources } = await import('../src/i18n/web-strings');
    const { supportedLocales } = await import('../src/i18n');
    const keys = (tree: unknown, prefix = ''): string[] =>
      tree && typeof tree === 'object'
        ? Object.entries(tree as object).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key))
        : [prefix];
    const reference = keys(webResources('en-US')).sort();
    expect(reference.length).toBeGreaterThan(50);
    for (const locale of supportedLocales())
      expect({ locale, keys: keys(webResources(locale)).sort() }).toEqual({ locale, keys: reference });
  });
});

describe('the console in production', () => {
  it('is off when NODE_ENV=production unless CONSOLE=on', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).console).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', CONSOLE: 'on' }).console).toBe(true);
    expect(loadConfig({}).console).toBe(true);
    expect(loadConfig({ CONSOLE: 'off' }).console).toBe(false);
    expect(() => loadConfig({ CONSOLE: 'maybe' })).toThrow(/CONSOLE must be on or off/);
  });

  it('writes a console user to the store only once a routine starts', async () => {
    const store = new MemoryStore();
    const server = await listen(createApp({ conversation: new Conversation(store), env: {} }));
    await sayTo(server.url, { session: 'visitor-only', text: '<launch>' });
    await sayTo(server.url, { session: 'visitor-only', text: 'help' });
    await sayTo(server.url, { session: 'visitor-only', text: '<end>' });
    expect(await store.load(await userOf(server.url, 'visitor-only'))).toEqual({
      resume: null,
      goal: 'maintenance',
      talk: 'full',
      sessions: 0,
      journal: [],
    });
    await sayTo(server.url, { session: 'starts-one', text: '<launch>' });
    await sayTo(server.url, { session: 'starts-one', text: 'start neck release' });
    await sayTo(server.url, { session: 'starts-one', text: 'ready' });
    await sayTo(server.url, { session: 'starts-one', text: 'stop' });
    const kept = await store.load(await userOf(server.url, 'starts-one'));
    expect(kept.sessions).toBe(1);
    expect(kept.journal).toHaveLength(1);
    server.close();
  });

  it('keeps at most CONSOLE_MAX_USERS console users, deleting the one unused longest who kept no journal', async () => {
    const store = new MemoryStore();
    const server = await listen(
      createApp({ conversation: new Conversation(store), env: {}, consoleOptions: { maxUsers: 2 } }),
    );
    // aa keeps a journal entry; bb only started a routine (its place is saved); then cc comes.
    for (const browser of ['browser-aa', 'browser-bb', 'browser-cc']) {
      await sayTo(server.url, { session: browser, text: 'start neck release' });
      await sayTo(server.url, { session: browser, text: 'ready' });
      if (browser === 'browser-aa') await sayTo(server.url, { session: browser, text: 'stop' });
    }
    expect((await store.load(await userOf(server.url, 'browser-aa'))).journal).toHaveLength(1);
    expect(await store.load(await userOf(server.url, 'browser-bb'))).toMatchObject({ sessions: 0, resume: null });
    expect((await store.load(await userOf(server.url, 'browser-cc'))).sessions).toBe(1);
    expect(loadConfig({ CONSOLE_MAX_USERS: '25' }).consoleMaxUsers).toBe(25);
    server.close();
  });
});

describe('journal ids of the console and the terminal simulator', () => {
  it('come from a random id per session, so a later run (same process id) never repeats them', async () => {
    const store = new MemoryStore();
    for (let run = 0; run < 2; run += 1) {
      const { send } = simulator({ store, userId: 'same-user' });
      await send('start neck release');
      await send('ready');
      await send('stop');
      await send('<end>');
    }
    const journal = (await store.load('same-user')).journal;
    expect(journal).toHaveLength(2);
    expect(new Set(journal.map((entry) => entry.id)).size).toBe(2);
  });
});
