import { BODIES, POST_ROUTES, RAW, send } from '../scripts/attack/hostile-requests';
import { startServer } from './helpers/server';

/**
 * scripts/attack/routes.ts as a test, on the routes that take a body: every hostile body shape and
 * every malformed request gets a 4xx or an answer, never a 5xx, a leaked file or stack trace, or a
 * CORS grant; a smuggled second request is never answered; a cross-origin delete is refused.
 */
describe('hostile requests to every route that takes a body', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let port: number;
  beforeAll(async () => {
    server = await startServer({ alexa: { verify: false }, env: { DIALOGFLOW_AUTH: 'off' } });
    port = Number(new URL(server.baseUrl).port);
  });
  afterAll(() => server.close());

  it.each(POST_ROUTES)('%s answers every body shape without a 5xx, a leak or a CORS grant', async (route) => {
    const answers: string[] = [];
    for (const [name, type, body] of BODIES) {
      const head =
        `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n` +
        (type ? `Content-Type: ${type}\r\n` : '') +
        `Content-Length: ${body.length}\r\n\r\n`;
      const result = await send(port, Buffer.concat([Buffer.from(head), body]));
      const cors = /access-control-allow-origin/i.test(result.received);
      if (result.status === null || result.status >= 500 || result.leak || cors)
        answers.push(`${name}: ${result.status}${result.leak ? ' leak' : ''}${cors ? ' cors' : ''}`);
    }
    expect(answers).toEqual([]);
  });

  it('malformed requests get a 4xx (or their plain answer), a smuggled request none, and the server keeps answering', async () => {
    const bad: string[] = [];
    for (const [name, request] of RAW) {
      const result = await send(port, Buffer.from(request, 'latin1'));
      if (result.status === null || result.status >= 500 || result.leak) bad.push(`${name}: ${result.status}`);
      if (name.startsWith('smuggle') && (result.received.match(/HTTP\/1\.1 /g) ?? []).length !== 1)
        bad.push(`${name}: ${(result.received.match(/HTTP\/1\.1 /g) ?? []).length} answers`);
      if (name.startsWith('traversal') && result.status !== 404) bad.push(`${name}: ${result.status}`);
      if (name === 'cross-origin-delete' && result.status !== 403) bad.push(`${name}: ${result.status}`);
    }
    expect(bad).toEqual([]);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});
