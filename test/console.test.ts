import nock from 'nock';
import { setLogSink } from '../src/log';
import { startServer } from './helpers/server';

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

const say = (body: unknown) =>
  fetch(`${server.baseUrl}/console/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe('the web console', () => {
  it('serves the page at /', async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/<form id="say">[\s\S]*console\/say/);
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
    expect(asked.body.line.speech).toMatch(/About 30 seconds left on this one/);
    const other = await say({ session: 'browser-two', text: 'hilfe', locale: 'de-DE' });
    expect(other.body.line.speech).toMatch(/Nenn mir einen Bereich/);
  });

  it.each([
    [{ session: 'x', text: 'hi' }, /session must be 8 to 64/],
    [{ session: 'browser-one', text: '' }, /text/],
    [{ text: 'hi' }, /session/],
  ])('answers bad input %p with 400 and a reason', async (body, reason) => {
    const response = await say(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(reason);
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
