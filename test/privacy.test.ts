import { log, setLogSink } from '../src/log';
import { runTranscript } from './helpers/transcript';
import { simulator } from './helpers/simulator';

describe('logs keep no personal data', () => {
  const lines: string[] = [];
  beforeAll(() => setLogSink((line) => lines.push(line), 'debug'));
  afterAll(() => setLogSink('silent'));

  it('writes only allow-listed fields', () => {
    log.info('hello', { platform: 'alexa', userId: 'amzn1.ask.account.X', utterance: 'my hand is numb' } as never);
    const line = JSON.parse(lines.at(-1)!);
    expect(line).toMatchObject({ level: 'info', message: 'hello', platform: 'alexa' });
    expect(line).not.toHaveProperty('userId');
    expect(line).not.toHaveProperty('utterance');
  });

  it('logs a whole session without the user id, the words, the symptom or the ratings', async () => {
    lines.length = 0;
    const { send } = simulator({ userId: 'amzn1.ask.account.PRIVATE-ID' });
    await runTranscript(
      `
      U: start neck release
      U: it's a seven
      U: ready
      U: my fingers are tingling
      A$
      `,
      send,
    );
    expect(lines.length).toBeGreaterThan(3);
    const all = lines.join('\n');
    expect(all).not.toMatch(/PRIVATE-ID|amzn1|fingers|tingl|seven|"value"/i);
  });
});
