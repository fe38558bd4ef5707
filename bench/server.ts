/**
 * One bench target in its own process, on 127.0.0.1 port 0:
 *   node --import tsx bench/server.ts <bare|hello-off|hello-on|project-off|project-on|adapters-off>
 * It reports to the parent over IPC: { port } when listening; { cpu } (process.cpuUsage and the
 * requests served so far) when asked; { headers } for a body it signs with the test chain. The
 * CPU is the server's own, so the load client's limits do not distort the cost of a request.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import express from 'express';

const target = process.argv[2] ?? '';
const signed = target.endsWith('-on');

let served = 0;
subscribe('http.server.request.start', () => {
  served += 1;
});

/**
 * The test certificate chain the tests sign with: served by nock and trusted by our verifier, as
 * the tests' helper sets it up; the adapter's own verifier (the hello anchor) is given the root
 * through its CA store, as ask-sdk's tests do.
 */
async function signer(): Promise<{ headers(body: string): Record<string, string> }> {
  const { testSigner } = await import('../test/helpers/alexa-signing');
  const nock = (await import('nock')).default;
  nock.enableNetConnect('127.0.0.1');
  const signer = testSigner();
  if (target === 'hello-on') {
    const helper = require('ask-sdk-express-adapter/dist/verifier/helper') as {
      generateCAStore: (certs: string[]) => { addCertificate(pem: string): void };
    };
    const original = helper.generateCAStore;
    helper.generateCAStore = (certs) => {
      const store = original(certs);
      store.addCertificate(signer.rootPem);
      return store;
    };
  }
  return signer;
}

async function helloApp(verify: boolean): Promise<express.Express> {
  const { SkillBuilders } = await import('ask-sdk-core');
  const { ExpressAdapter } = await import('ask-sdk-express-adapter');
  const skill = SkillBuilders.custom()
    .addRequestHandlers({
      canHandle: () => true,
      handle: (input) =>
        input.responseBuilder.speak('Welcome to the hello world skill, you can say hello.').getResponse(),
    })
    .create();
  const app = express();
  app.post('/', new ExpressAdapter(skill, verify, verify).getRequestHandlers());
  return app;
}

/**
 * The server as src/server/main.ts builds it: file store (DATA_DIR from the parent), warmed up.
 * `precomputed`: the conversation works out its first answer and gives it to every later request,
 * so what is left is the cost of our server, adapters and response around a turn (a diagnostic).
 */
async function projectApp(verify: boolean, precomputed = false): Promise<express.Express> {
  process.env.ALEXA_VERIFY = verify ? 'on' : 'off';
  process.env.DIALOGFLOW_AUTH = 'off';
  process.env.STORE ??= 'file';
  const { loadConfig } = await import('../src/config');
  const { createStore } = await import('../src/store');
  const { warmUp } = await import('../src/runtime/warm-up');
  const { Conversation } = await import('../src/runtime/conversation');
  const { createApp } = await import('../src/server/app');
  const config = loadConfig();
  const store = await createStore(config);
  warmUp();
  const conversation = new Conversation(store);
  if (precomputed) {
    const handle = conversation.handle.bind(conversation);
    let first: ReturnType<typeof handle> | undefined;
    conversation.handle = (request) => (first ??= handle(request));
  }
  return createApp({ conversation, env: process.env, console: false });
}

async function main(): Promise<void> {
  const sign = signed ? await signer() : null;
  let app: express.Express;
  if (target === 'bare') {
    app = express();
    app.post('/echo', express.json(), (req, res) => {
      res.json({ ok: true, got: req.body });
    });
  } else if (target === 'hello-off' || target === 'hello-on') {
    app = await helloApp(signed);
  } else if (target === 'project-off' || target === 'project-on') {
    app = await projectApp(signed);
  } else if (target === 'adapters-off') {
    app = await projectApp(false, true);
  } else {
    throw new Error(`unknown target ${target}`);
  }
  process.on('message', (message: { id: number; cpu?: true; sign?: string; signAll?: string[] }) => {
    if (message.cpu) process.send!({ id: message.id, cpu: process.cpuUsage(), served, rss: process.memoryUsage().rss });
    else if (message.sign !== undefined)
      process.send!({
        id: message.id,
        headers: sign ? sign.headers(message.sign) : { 'content-type': 'application/json' },
      });
    else if (message.signAll)
      process.send!({
        id: message.id,
        signed: message.signAll.map((body) => ({ body, headers: sign!.headers(body) })),
      });
  });
  process.on('disconnect', () => process.exit(0));
  const server = app.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server ${target}: ${(error as Error).stack}\n`);
  process.exit(1);
});
