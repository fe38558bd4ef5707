import { cxAgentFiles } from '../src/platforms/dialogflow/agent-cx';
import { esAgentFiles } from '../src/platforms/dialogflow/agent-es';
import { checkCxExport, checkEsExport } from './helpers/agent-checks';

/**
 * Nothing here reaches Google, so the agents are checked against Google's own message
 * definitions (the protos in @google-cloud/dialogflow and @google-cloud/dialogflow-cx): every
 * file parses as its message, no unknown key and no wrong type at any depth, every reference
 * resolves. Each rule has a broken export that it must catch.
 */
const cx = cxAgentFiles();
const es = esAgentFiles();

type Files = Map<string, string>;
/** A copy of an export with one file's JSON changed. */
function broken(files: Files, path: string, change: (data: any) => void): Files {
  const copy = new Map(files);
  const data = JSON.parse(copy.get(path)!);
  change(data);
  copy.set(path, JSON.stringify(data));
  return copy;
}

describe('the CX export', () => {
  it('imports: every file is its v3 message, every reference resolves', () => {
    expect(checkCxExport(cx)).toEqual([]);
  });

  const phrases = 'intents/StartRoutineIntent/trainingPhrases/en.json';
  it.each<[string, () => Files, RegExp]>([
    [
      'an unknown key at the top',
      () => broken(cx, 'agent.json', (a) => (a.startFlowName = 'x')),
      /agent\.json\.startFlowName: unknown key/,
    ],
    [
      'an unknown key deep inside',
      () =>
        broken(
          cx,
          'flows/Default Start Flow/Default Start Flow.json',
          (f) => (f.transitionRoutes[0].triggerFulfillment.tagg = 'x'),
        ),
      /transitionRoutes\[0\]\.triggerFulfillment\.tagg: unknown key/,
    ],
    [
      'an unknown key in a training phrase part',
      () => broken(cx, phrases, (t) => (t.trainingPhrases[0].parts[0].entity = 'x')),
      /parts\[0\]\.entity: unknown key/,
    ],
    [
      'a wrong type deep inside',
      () => broken(cx, phrases, (t) => (t.trainingPhrases[0].repeatCount = '1')),
      /repeatCount: "1" is not a int32/,
    ],
    [
      'a wrong enum value',
      () =>
        broken(
          cx,
          'flows/Default Start Flow/Default Start Flow.json',
          (f) => (f.nluSettings.modelType = 'MODEL_TYPE_SMART'),
        ),
      /MODEL_TYPE_SMART" is not a value of google\.cloud\.dialogflow\.cx\.v3\.NluSettings\.ModelType/,
    ],
    [
      'a list where a message belongs',
      () => broken(cx, 'webhooks/massage-coach.json', (w) => (w.genericWebService = [w.genericWebService])),
      /genericWebService: expected an object/,
    ],
    [
      'a malformed duration',
      () => broken(cx, 'webhooks/massage-coach.json', (w) => (w.timeout = '5 seconds')),
      /timeout: not a google\.protobuf\.Duration/,
    ],
    [
      'two members of a oneof',
      () => broken(cx, 'webhooks/massage-coach.json', (w) => (w.serviceDirectory = { service: 'x' })),
      /genericWebService and serviceDirectory are one of webhook/,
    ],
    [
      'a route to a missing intent',
      () =>
        broken(
          cx,
          'flows/Default Start Flow/Default Start Flow.json',
          (f) => (f.transitionRoutes[1].intent = 'GoneIntent'),
        ),
      /intent: no intent "GoneIntent"/,
    ],
    [
      'a route to a missing page',
      () =>
        broken(
          cx,
          'flows/Default Start Flow/Default Start Flow.json',
          (f) => (f.transitionRoutes[1].targetPage = 'Nowhere'),
        ),
      /targetPage: no page "Nowhere"/,
    ],
    [
      'a route to a missing flow',
      () =>
        broken(
          cx,
          'flows/Default Start Flow/Default Start Flow.json',
          (f) => (f.transitionRoutes[1].targetFlow = 'Other Flow'),
        ),
      /targetFlow: no flow "Other Flow"/,
    ],
    [
      'a missing webhook',
      () =>
        broken(
          cx,
          'flows/Default Start Flow/Default Start Flow.json',
          (f) => (f.eventHandlers[0].triggerFulfillment.webhook = 'other'),
        ),
      /webhook: no webhook "other"/,
    ],
    [
      'a missing start flow',
      () => broken(cx, 'agent.json', (a) => (a.startFlow = 'Main Flow')),
      /startFlow: no flow "Main Flow"/,
    ],
    [
      'a missing entity type',
      () =>
        broken(
          cx,
          'intents/StartRoutineIntent/StartRoutineIntent.json',
          (i) => (i.parameters[0].entityType = '@nowhere'),
        ),
      /entityType: no entity type "@nowhere"/,
    ],
    [
      'a part naming a missing parameter',
      () =>
        broken(
          cx,
          phrases,
          (t) =>
            (t.trainingPhrases
              .find((p: any) => p.parts.some((part: any) => part.parameterId))
              .parts.find((part: any) => part.parameterId).parameterId = 'area'),
        ),
      /parameterId: the intent has no parameter "area"/,
    ],
    [
      'a phrase in the wrong language file',
      () => broken(cx, phrases, (t) => (t.trainingPhrases[0].languageCode = 'de')),
      /languageCode: de in the en file/,
    ],
    [
      'a file name and display name that differ',
      () => broken(cx, 'intents/NextIntent/NextIntent.json', (i) => (i.displayName = 'Next')),
      /displayName: "Next" is not the folder's name/,
    ],
    [
      'a file outside the layout',
      () => new Map([...cx, ['intents/NextIntent/notes.json', '{}']]),
      /notes\.json: not a file of the CX export layout/,
    ],
    [
      'training phrases of no intent',
      () => new Map([...cx, ['intents/GoneIntent/trainingPhrases/en.json', cx.get(phrases)!]]),
      /training phrases of an intent that does not exist/,
    ],
    [
      'a language the agent does not have',
      () =>
        new Map([
          ...cx,
          ['intents/NextIntent/trainingPhrases/fr.json', cx.get('intents/NextIntent/trainingPhrases/en.json')!],
        ]),
      /language fr is not one of the agent's/,
    ],
    ['a file that is not JSON', () => new Map([...cx, ['agent.json', '{']]), /agent\.json: not JSON/],
  ])('catches %s', (_name, make, problem) => {
    expect(checkCxExport(make()).join('\n')).toMatch(problem);
  });
});

describe('the ES export', () => {
  it('imports: every file reads as its v2 message, every reference resolves', () => {
    expect(checkEsExport(es)).toEqual([]);
  });

  const says = 'intents/StartRoutineIntent_usersays_en.json';
  const intent = 'intents/StartRoutineIntent.json';
  it.each<[string, () => Files, RegExp]>([
    [
      'an unknown key in the agent',
      () => broken(es, 'agent.json', (a) => (a.timezone = 'Europe/Berlin')),
      /agent\.json\.timezone: unknown key/,
    ],
    [
      'an unknown key deep inside',
      () => broken(es, intent, (i) => (i.responses[0].parameters[0].entity = '@routine')),
      /parameters\[0\]\.entity: unknown key/,
    ],
    ['a wrong type', () => broken(es, intent, (i) => (i.priority = 'high')), /priority: "high" is not a int32/],
    [
      'a wrong type deep inside',
      () => broken(es, says, (s) => (s[0].data[0].userDefined = 'no')),
      /userDefined: "no" is not a bool/,
    ],
    [
      'a wrong type for an entry',
      () => broken(es, 'entities/routine_entries_en.json', (e) => (e[0].synonyms = 'neck')),
      /synonyms: expected a list/,
    ],
    [
      'an unknown API version',
      () => broken(es, 'agent.json', (a) => (a.onePlatformApiVersion = 'v3')),
      /unknown version v3" is not a value of google\.cloud\.dialogflow\.v2\.Agent\.ApiVersion/,
    ],
    [
      'an alias that is no parameter',
      () =>
        broken(
          es,
          says,
          (s) => (s.find((x: any) => x.data.some((d: any) => d.alias)).data.find((d: any) => d.alias).alias = 'area'),
        ),
      /alias: the intent has no parameter "area"/,
    ],
    [
      'a missing entity in an example',
      () =>
        broken(
          es,
          says,
          (s) => (s.find((x: any) => x.data.some((d: any) => d.meta)).data.find((d: any) => d.meta).meta = '@nowhere'),
        ),
      /meta: no entity "@nowhere"/,
    ],
    [
      'a parameter of a missing entity',
      () => broken(es, intent, (i) => (i.responses[0].parameters[0].dataType = '@nowhere')),
      /dataType: no entity "@nowhere"/,
    ],
    [
      'examples of no intent',
      () => new Map([...es, ['intents/GoneIntent_usersays_en.json', es.get(says)!]]),
      /user says of an intent that does not exist/,
    ],
    [
      'entries of no entity',
      () => new Map([...es, ['entities/nowhere_entries_en.json', '[]']]),
      /entries of an entity that does not exist/,
    ],
    [
      'an example in the wrong language file',
      () => broken(es, says, (s) => (s[0].lang = 'de')),
      /lang: de in the en file/,
    ],
    [
      'a language the agent does not have',
      () => new Map([...es, ['intents/NextIntent_usersays_fr.json', es.get('intents/NextIntent_usersays_en.json')!]]),
      /language fr is not one of the agent's/,
    ],
    [
      'a file name and intent name that differ',
      () => broken(es, 'intents/NextIntent.json', (i) => (i.name = 'Next')),
      /name: "Next" is not the file's name/,
    ],
    ['a wrong package.json', () => new Map([...es, ['package.json', '{"version":"2.0.0"}']]), /package\.json: must be/],
    [
      'a file outside the layout',
      () => new Map([...es, ['notes/readme.json', '{}']]),
      /not a file of the ES export layout/,
    ],
  ])('catches %s', (_name, make, problem) => {
    expect(checkEsExport(make()).join('\n')).toMatch(problem);
  });
});
