/**
 * The store listing's legal pages, as certification reads them: served by the production server
 * for every locale of the skill, in that locale's language, saying what the journal keeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployedManifest, deployedModel } from '../scripts/deploy-package';
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

describe('the skill package as deployed', () => {
  const ROOT = join(__dirname, '..');
  const source = JSON.parse(readFileSync(join(ROOT, 'skill-package', 'skill.json'), 'utf8'));
  const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:MassageCoach-Handler886CB40B-abc';

  it('ships no host: the endpoint and the listing URLs come from the deployment', () => {
    for (const path of ['skill.json', 'skill-package/skill.json', 'ask-resources.json'])
      expect(readFileSync(join(ROOT, path), 'utf8')).not.toMatch(/example\.(com|org)|https?:\/\//);
    expect(JSON.parse(readFileSync(join(ROOT, 'ask-resources.json'), 'utf8')).profiles.default.skillMetadata.src).toBe(
      './skill-package',
    );
  });

  it('points at the function and links /privacy and /terms for every locale', () => {
    const manifest = deployedManifest(source, {
      endpoint: ARN,
      publicUrl: 'https://coach.example.net',
      live: false,
    }).manifest;
    expect(manifest.apis.custom.endpoint).toEqual({ uri: ARN });
    expect(manifest.events.endpoint).toEqual({ uri: ARN });
    expect(Object.keys(manifest.privacyAndCompliance.locales).sort()).toEqual([...ALEXA_LOCALES].sort());
    expect(manifest.privacyAndCompliance.locales['de-DE']).toEqual({
      privacyPolicyUrl: 'https://coach.example.net/privacy?locale=de-DE',
      termsOfUseUrl: 'https://coach.example.net/terms?locale=de-DE',
    });
  });

  it('refuses an endpoint that is neither a Lambda nor an HTTPS /alexa route', () => {
    expect(() => deployedManifest(source, { endpoint: 'http://coach.example.net/alexa', live: false })).toThrow(
      /Lambda ARN or https/,
    );
  });

  it('keeps name-free launch phrases out unless the skill is live', () => {
    const model = JSON.parse(readFileSync(join(ROOT, 'skill-package/interactionModels/custom/en-US.json'), 'utf8'));
    expect(model.interactionModel._nameFreeInteraction).toBeDefined();
    expect(deployedModel(model, false).interactionModel._nameFreeInteraction).toBeUndefined();
    expect(deployedModel(model, true).interactionModel._nameFreeInteraction).toBeDefined();
  });

  it('promises no monitoring in any listing description', () => {
    for (const info of Object.values<{ description: string }>(source.manifest.publishingInformation.locales))
      expect(info.description).not.toMatch(/listens for warning signs at every step|bei jedem Schritt auf Warnzeichen/);
  });
});
