import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setLogSink } from '../src/log';
import { checkPlanText } from '../src/plan/files';
import { catalogue } from '../src/content/load';
import { plannedMinutes, plannedSeconds } from '../src/coach/length';
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

  it('previews a plan as the coach coaches it: the guide routine it copies has the guide routine length', async () => {
    const neck = readFileSync(join(__dirname, '..', 'content', 'plans', 'neck.json'), 'utf8');
    const { status, body } = await postJson(server.baseUrl, '/plan/preview', { text: neck, locale: 'de-DE' });
    expect(status).toBe(200);
    const guide = catalogue().routines.get('neck')!;
    expect(body.preview.seconds).toBe(Math.round(plannedSeconds(guide, 'de-DE')));
    expect(body.preview.minutes).toBe(plannedMinutes(guide, 'de-DE'));
    // Time runs forward line by line, the last line ends the session but for its final answer.
    const lines = body.preview.lines as Array<{ at: number; seconds: number; who: string; text?: string }>;
    lines.slice(1).forEach((line, index) => expect(line.at).toBeCloseTo(lines[index]!.at + lines[index]!.seconds, 0));
    // The turn function's transcript: "ja" to the equipment, then "weiter" after each step, to the wrap-up.
    const answers = lines.filter((line) => line.who === 'you').map((line) => line.text);
    expect(answers[0]).toBe('ja');
    expect(new Set(answers.slice(1))).toEqual(new Set(['weiter']));
    const said = lines.filter((line) => line.who === 'coach').map((line) => line.text);
    expect(said).toContain('Aufwärmen.');
    expect(said.at(-1)).toMatch(/Wie verspannt ist es jetzt/);
    // A plan with problems gets them, not a preview.
    const unsafe = EXAMPLE.replace('"seconds": 40', '"seconds": 400');
    expect((await postJson(server.baseUrl, '/plan/preview', { text: unsafe })).body).toMatchObject({ ok: false });
  });
});
