import { randomUUID } from 'node:crypto';
import { translator } from '../src/i18n';
import { envelope, post, spokenText } from './helpers/alexa-client';
import { postJson } from './helpers/dialogflow-client';
import { startServer } from './helpers/server';

/**
 * A routine said in words the slot does not list ("something for my lower back") reaches the
 * skill unresolved: Alexa sends the raw value with ER_SUCCESS_NO_MATCH, Dialogflow an empty
 * parameter and the query text. Our matcher reads the user's words before the coach asks
 * "which area?" again.
 */
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer({ alexa: { verify: false } });
});
afterAll(() => server.close());

const CASES = [
  { locale: 'en-US', words: 'something for my lower back', routine: 'mid-lower-back' },
  { locale: 'de-DE', words: 'irgendwas für meine waden', routine: 'calves-hamstrings' },
];

describe.each(CASES)('$locale: "$words"', ({ locale, words, routine }) => {
  const name = translator(locale).t(`routine.${routine}.name`);
  const menu = translator(locale).t('coach.choose.unknown');

  it('starts the routine on Alexa, from the raw slot value', async () => {
    const slot = {
      name: 'routine',
      value: words,
      confirmationStatus: 'NONE',
      resolutions: {
        resolutionsPerAuthority: [
          { authority: 'amzn1.er-authority.echo-sdk.test.ROUTINE', status: { code: 'ER_SUCCESS_NO_MATCH' } },
        ],
      },
    };
    const body = envelope(
      {
        type: 'IntentRequest',
        intent: { name: 'StartRoutineIntent', confirmationStatus: 'NONE', slots: { routine: slot } },
      },
      { locale, userId: `amzn1.ask.account.${randomUUID()}` },
    );
    const response = await post(server.baseUrl, body, null);
    expect(response.status).toBe(200);
    expect(spokenText(response.body)).toContain(name);
    expect(spokenText(response.body)).not.toContain(menu);
  });

  it('starts the routine on Dialogflow ES, from the query text', async () => {
    const response = await postJson(`${server.baseUrl}/dialogflow`, {
      responseId: randomUUID(),
      session: `projects/massage-coach/agent/sessions/${randomUUID()}`,
      queryResult: {
        queryText: words,
        action: 'START_ROUTINE',
        parameters: { routine: '' },
        intent: { displayName: 'StartRoutineIntent' },
        languageCode: locale.toLowerCase(),
      },
      originalDetectIntentRequest: { source: 'DIALOGFLOW_CONSOLE', payload: {} },
    });
    expect(response.status).toBe(200);
    expect(response.body.fulfillmentText).toContain(name);
  });

  it('starts the routine on Dialogflow CX, from the text', async () => {
    const response = await postJson(`${server.baseUrl}/dialogflow-cx`, {
      detectIntentResponseId: randomUUID(),
      languageCode: locale.slice(0, 2),
      fulfillmentInfo: { tag: 'START_ROUTINE' },
      intentInfo: { displayName: 'StartRoutineIntent', parameters: {} },
      sessionInfo: { session: `projects/p/locations/global/agents/a/sessions/${randomUUID()}`, parameters: {} },
      text: words,
    });
    expect(response.status).toBe(200);
    expect(response.body.fulfillmentResponse.messages[0].text.text[0]).toContain(name);
  });
});
