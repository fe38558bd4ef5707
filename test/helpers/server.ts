import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createApp } from '../../src/server/app';
import { Conversation } from '../../src/runtime/conversation';
import { MemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/types';
import type { AlexaConfig } from '../../src/platforms/alexa/config';

export const TEST_SNAPSHOT_KEY = 'test-snapshot-key-0123456789abcdefghij';

/** The real Express app on 127.0.0.1, on a store of the test's choice. */
export async function startServer(
  options: {
    store?: Store;
    alexa?: Partial<AlexaConfig>;
    dialogflowAuth?: string | null;
    /** Further environment; by default a fixed snapshot key and CX caller ids trusted (a phone-only agent). */
    env?: NodeJS.ProcessEnv;
  } = {},
) {
  const store = options.store ?? new MemoryStore();
  const alexa = { skillId: undefined, verify: true, holdAudio: 'apla', ...options.alexa };
  const auth = options.dialogflowAuth === null ? undefined : (options.dialogflowAuth ?? 'bearer:test-token');
  // The platforms read their settings from the environment, as in production.
  const env: NodeJS.ProcessEnv = {
    ALEXA_VERIFY: alexa.verify ? 'on' : 'off',
    ALEXA_HOLD_AUDIO: alexa.holdAudio,
    ...(alexa.skillId ? { ALEXA_SKILL_ID: alexa.skillId } : {}),
    ...(auth ? { DIALOGFLOW_AUTH: auth } : {}),
    SNAPSHOT_KEYS: TEST_SNAPSHOT_KEY,
    DIALOGFLOW_CX_TRUST_CALLER_ID: 'on',
    ...options.env,
  };
  return { store, ...(await listen(createApp({ conversation: new Conversation(store), env }))) };
}

/** An app on a free port of 127.0.0.1: its base URL, and how to close it. */
export async function listen(app: Express): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** POSTs a JSON body to a route of the app: its status and parsed JSON answer. */
export async function postJson(baseUrl: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
