/**
 * The store listing's legal pages, as certification reads them: served by the production server
 * for every locale of the skill, in that locale's language, saying what the journal keeps.
 */
import { createApp } from '../src/server/app';
import { Conversation } from '../src/runtime/conversation';
import { MemoryStore } from '../src/store/memory-store';
import { ALEXA_LOCALES } from '../src/platforms/alexa/model';
import { listen } from './helpers/server';

let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  server = await listen(createApp({ conversation: new Conversation(new MemoryStore()), env: {}, console: false }));
});
afterAll(() => server.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.baseUrl}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
};

describe('/privacy and /terms', () => {
  it.each([...ALEXA_LOCALES])('are served in production for %s, in its language', async (locale) => {
    const privacy = await get(`/privacy?locale=${locale}`);
    const terms = await get(`/terms?locale=${locale}`);
    for (const page of [privacy, terms]) {
      expect(page.status).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
    }
    if (locale.startsWith('de')) {
      expect(privacy.html).toContain('Spannungswerte von null bis zehn');
      expect(privacy.html).toContain('Meine Daten löschen');
      expect(terms.html).toContain('keine medizinische Beratung');
    } else {
      expect(privacy.html).toContain('tension ratings from zero to ten');
      expect(privacy.html).toContain('disabling the skill in the Alexa app deletes everything');
      expect(terms.html).toContain('does not provide medical advice');
    }
  });

  it('say plainly that no symptom is kept and that the coach does not monitor', async () => {
    const { html } = await get('/privacy');
    expect(html).toContain('never keeps what you said');
    expect(html).toContain('does not monitor you');
  });

  it('follow the browser language when no locale is asked', async () => {
    expect((await get('/terms', { 'Accept-Language': 'de-AT,de;q=0.9' })).html).toContain('lang="de-DE"');
  });
});
