import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/server/app';
import { Conversation } from '../../src/runtime/conversation';
import { MemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/types';
import type { Config } from '../../src/config';

/** The real Express app on 127.0.0.1, on a store of the test's choice. */
export async function startServer(options: { store?: Store; alexa?: Partial<Config['alexa']>; dialogflowAuth?: string | null } = {}) {
  const store = options.store ?? new MemoryStore();
  const app = createApp({
    conversation: new Conversation(store),
    config: {
      alexa: { skillId: undefined, verify: true, holdAudio: 'apla', ...options.alexa },
      // null stands for DIALOGFLOW_AUTH not set at all.
      dialogflow: { auth: options.dialogflowAuth === null ? undefined : (options.dialogflowAuth ?? 'bearer:test-token') },
    } as never,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    store,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
