import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setLogSink } from '../src/log';
import { checkPlanText } from '../src/plan/files';
import { postJson, startServer } from './helpers/server';

/** The author's view: GET /author, and POST /plan/check answering what `npm run plan -- check` prints. */
const EXAMPLE = readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8');
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  setLogSink('silent');
  server = await startServer();
});
afterAll(() => server.close());

const check = (body: unknown) => postJson(server.baseUrl, '/plan/check', body);

describe('the author view', () => {
  it('serves a plain page under the CSP: no inline script or style, labels in the asked language', async () => {
    const response = await fetch(`${server.baseUrl}/author?locale=de-DE`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const page = await response.text();
    expect(page).toMatch(/<html lang="de-DE">[\s\S]*<script type="module" src="\/author.js"><\/script>/);
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=/);
    expect(page).toContain('<h1>Plan schreiben</h1>');
    // The editor starts with a valid plan, escaped into the textarea.
    expect(page).toContain('&#34;format&#34;: &#34;massage-coach-plan/1&#34;');
  });

  it('answers a valid plan with its outline', async () => {
    expect(await check({ text: EXAMPLE })).toEqual({
      status: 200,
      body: { ok: true, plan: { id: 'desk-neck', steps: 4, languages: ['en-US', 'de-DE'], daysPerWeek: 5 } },
    });
  });

  it('answers the same per-field problems as the command line, unsafe doses and broken JSON included', async () => {
    const unsafe = EXAMPLE.replace('"seconds": 40', '"seconds": 400');
    const { body } = await check({ text: unsafe });
    expect(body.ok).toBe(false);
    expect(body.problems).toEqual((checkPlanText(unsafe) as { problems: unknown }).problems);
    expect(body.problems).toContainEqual({
      path: 'steps[1] (neck/compression).dose.seconds',
      message: expect.stringMatching(/400 s is outside the safe range/),
    });
    expect((await check({ text: '{ "format": ' })).body.problems[0]).toMatchObject({
      path: '(file)',
      message: expect.stringMatching(/^is not valid JSON/),
    });
  });

  it('refuses a body without the text, with the reason', async () => {
    expect(await check({ plan: {} })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^text /) } });
  });
});
