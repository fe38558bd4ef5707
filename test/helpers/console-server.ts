import { setLogSink } from '../../src/log';
import { consoleClient } from './console-client';
import { startServer } from './server';

/** The real app for a test file (quiet logs, stopped after the file) and a new console client per test. */
export function consoleServerPerFile() {
  const live = {} as { server: Awaited<ReturnType<typeof startServer>>; client: ReturnType<typeof consoleClient> };
  beforeAll(async () => {
    setLogSink('silent');
    live.server = await startServer();
  });
  afterAll(() => live.server.close());
  beforeEach(() => (live.client = consoleClient(live.server.baseUrl)));
  return live;
}
