import nock from 'nock';
import { setLogSink } from '../src/log';
import { brokenStore } from './helpers/broken-store';
import { cxDevice } from './helpers/dialogflow-client';
import { startServer } from './helpers/server';
import { simulator } from './helpers/simulator';
import { runTranscript } from './helpers/transcript';

describe('when the store is down', () => {
  beforeAll(() => setLogSink('silent'));

  it('still coaches, says the journal cannot be reached, and writes the journal once it is back', async () => {
    const { store, inner, state } = brokenStore('down', 'StoreUnavailable');
    const { send, sim, conversation } = simulator({ store });
    await runTranscript(
      `
      U: <launch>
      A: which area
      U: how am i doing
      A: can't reach your journal right now
      U: start neck
      U: ready
      U: next
      U: next
      U: next
      A: how tense is it now
      U: two
      A: take care
      A$
      `,
      send,
    );
    expect((await inner.load('test-user')).journal).toEqual([]);
    expect(conversation.outbox.pending).toBe(1);
    state.mode = 'ok';
    await sim.say('<launch>');
    await conversation.outbox.drain();
    expect(conversation.outbox.pending).toBe(0);
    expect((await inner.load('test-user')).journal).toEqual([
      expect.objectContaining({ routine: 'neck', completed: true, ratingAfter: 2 }),
    ]);
  });

  it('answers Dialogflow with 200 and speech, never a 500', async () => {
    if (!nock.isActive()) nock.activate();
    nock.enableNetConnect('127.0.0.1');
    const { store } = brokenStore('down', 'StoreUnavailable');
    const server = await startServer({ store });
    try {
      const device = cxDevice(server.baseUrl);
      const line = await device.say('<launch>');
      expect(line!.speech).toMatch(/Massage Coach/);
      const next = await device.say('start neck');
      expect(next!.speech).toMatch(/just your hands/);
    } finally {
      await server.close();
      nock.restore();
    }
  });
});
