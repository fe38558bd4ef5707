import { flood } from '../scripts/attack/lib';
import { startServer } from './helpers/server';

/**
 * scripts/attack/huge.ts as a test: a body no route takes, declared or chunked, is refused with 413
 * after a few MB at most. An endless chunked body was read for as long as it came (GBs, no answer).
 */
const ROUTES = ['/alexa', '/dialogflow', '/dialogflow-cx', '/console/say'];

describe('huge request bodies', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const port = () => Number(new URL(server.baseUrl).port);
  beforeAll(async () => {
    server = await startServer({ alexa: { verify: false }, env: { DIALOGFLOW_AUTH: 'off' } });
  });
  afterAll(() => server.close());

  it.each(ROUTES)(
    'an endless chunked body to %s gets 413 after a few MB and the server still answers',
    async (route) => {
      const result = await flood(port(), route, true, 8);
      expect(result.status).toBe(413);
      expect(result.mbSent).toBeLessThan(64);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    },
  );

  it.each(ROUTES)('a declared 1 GiB body to %s gets 413 before it is read', async (route) => {
    const result = await flood(port(), route, false, 8);
    expect(result.status).toBe(413);
    expect(result.mbSent).toBeLessThan(64);
  });

  it('a small chunked body is still taken', async () => {
    const response = await fetch(`${server.baseUrl}/dialogflow-cx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' }, // a stream: sent chunked, no Content-Length
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"fulfillmentInfo":{"tag":"LAUNCH"},'));
          controller.enqueue(
            new TextEncoder().encode(
              '"languageCode":"en","sessionInfo":{"session":"projects/p/locations/l/agents/a/sessions/s1"}}',
            ),
          );
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
  });
});
