import { setLogSink } from '../src/log';
import { translator } from '../src/i18n';
import { alexaDevice } from './helpers/alexa-client';
import { startServer } from './helpers/server';
import { simulator } from './helpers/simulator';

/**
 * "Make a report for my physio": one command from the utterance source on every channel. The coach
 * says where the report is (the web page, under Progress); the browser also opens it (browser test).
 */
const where = (locale: string) => translator(locale).t('coach.physioReport.where');

beforeAll(() => setLogSink('silent'));

describe('REPORT, asked by voice', () => {
  it.each([
    ['en-US', 'make a report for my physio'],
    ['en-US', 'can you make a report for my physiotherapist'],
    ['de-DE', 'mach einen Bericht für meine Physiotherapeutin'],
    ['de-DE', 'erstelle einen Bericht'],
  ])('%s "%s": the coach says where the report is, then asks for an area', async (locale, words) => {
    const { send } = simulator({ locale });
    await send('<launch>');
    const line = (await send(words))!;
    expect(line.event.type).toBe('PHYSIO_REPORT');
    expect(line.speech).toContain(where(locale));
    expect(line.speech).toContain(translator(locale).t('coach.welcome.ask'));
    expect(line.endSession).toBe(false);
  });

  it('mid-routine, the coach says where it is and the routine goes on at the same step', async () => {
    const { send } = simulator();
    await send('start neck release');
    await send("it's a six");
    const before = (await send('ready'))!;
    expect(before.step).not.toBeNull();
    const line = (await send('make a report for my physio'))!;
    expect(line.event.type).toBe('PHYSIO_REPORT');
    expect(line.speech).toContain(where('en-US'));
    expect(line.routine).toBe('neck');
    expect(line.step?.id).toBe(before.step?.id);
  });

  it('on Alexa (voice only), ReportIntent gets the same answer in en-US and de-DE', async () => {
    const server = await startServer({ alexa: { verify: false } });
    try {
      for (const [locale, words] of [
        ['en-US', 'make a report for my physio'],
        ['de-DE', 'mach einen Bericht für meine Physio'],
      ] as const) {
        const device = alexaDevice(server.baseUrl, null, { locale, userId: `amzn1.ask.account.report-${locale}` });
        await device.say('<launch>');
        const line = (await device.say(words))!;
        expect(device.last.response.shouldEndSession).not.toBe(true);
        expect(line.speech).toContain(where(locale));
      }
    } finally {
      await server.close();
    }
  });
});
