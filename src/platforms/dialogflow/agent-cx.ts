import { withCarriers } from '../../nlu/utterances';
import {
  agentIntents,
  annotate,
  DEFAULT_WEBHOOK,
  entityName,
  entityRef,
  languageModels,
  stableId,
} from './agent-common';
import { jsonFile as json } from '../../models/json-file';

const START_FLOW = 'Default Start Flow';
const WEBHOOK = 'massage-coach';

/**
 * The Dialogflow CX agent export: the start flow routes every intent to the webhook with the coach
 * event as its tag (the webhook reads fulfillmentInfo.tag), no-match and no-input likewise; intents
 * with training phrases and entity types per language.
 */
export function cxAgentFiles(webhookUrl = `${DEFAULT_WEBHOOK}/dialogflow-cx`): Map<string, string> {
  const files = new Map<string, string>();
  const languages = languageModels();
  const [primary, ...others] = languages;
  files.set(
    'agent.json',
    json({
      displayName: 'Massage Coach',
      defaultLanguageCode: primary!.code,
      supportedLanguageCodes: others.map((l) => l.code),
      timeZone: 'Europe/Berlin',
      description: 'Hands-free, timed self-massage routines. Fulfilment by webhook.',
      startFlow: START_FLOW,
      enableSpellCorrection: true,
    }),
  );
  files.set(
    `webhooks/${WEBHOOK}.json`,
    json({
      name: stableId('cx-webhook', WEBHOOK),
      displayName: WEBHOOK,
      genericWebService: { uri: webhookUrl },
      timeout: '5s',
    }),
  );

  const fulfil = (tag: string) => ({ webhook: WEBHOOK, tag });
  const intents = agentIntents(primary!.model);
  files.set(
    `flows/${START_FLOW}/${START_FLOW}.json`,
    json({
      name: '00000000-0000-0000-0000-000000000000',
      displayName: START_FLOW,
      transitionRoutes: [
        {
          intent: 'Default Welcome Intent',
          triggerFulfillment: fulfil('LAUNCH'),
          name: stableId('cx-route', 'welcome'),
        },
        ...intents.map((definition) => ({
          intent: definition.name,
          triggerFulfillment: fulfil(definition.event!),
          name: stableId('cx-route', definition.name),
        })),
      ],
      eventHandlers: [
        {
          event: 'sys.no-match-default',
          triggerFulfillment: fulfil('FALLBACK'),
          name: stableId('cx-event', 'no-match'),
        },
        {
          event: 'sys.no-input-default',
          triggerFulfillment: fulfil('SILENCE'),
          name: stableId('cx-event', 'no-input'),
        },
      ],
      nluSettings: { modelType: 'MODEL_TYPE_ADVANCED', classificationThreshold: 0.3 },
    }),
  );

  files.set(
    'intents/Default Welcome Intent/Default Welcome Intent.json',
    json({ name: '00000000-0000-0000-0000-000000000000', displayName: 'Default Welcome Intent', priority: 500000 }),
  );
  for (const { code } of languages) {
    const welcome = code === 'de' ? ['hallo', 'hi', 'öffne massage coach'] : ['hi', 'hello', 'open massage coach'];
    files.set(
      `intents/Default Welcome Intent/trainingPhrases/${code}.json`,
      json({
        trainingPhrases: welcome.map((text) => ({
          id: stableId('cx-phrase', code, 'welcome', text),
          parts: [{ text }],
          repeatCount: 1,
          languageCode: code,
        })),
      }),
    );
  }
  for (const definition of intents) {
    const parameters = Object.entries(definition.slots ?? {}).map(([slot, type]) => ({
      id: slot,
      entityType: entityRef(type),
    }));
    files.set(
      `intents/${definition.name}/${definition.name}.json`,
      json({
        name: stableId('cx-intent', definition.name),
        displayName: definition.name,
        ...(parameters.length ? { parameters } : {}),
        priority: 500000,
      }),
    );
  }
  for (const { code, model } of languages) {
    for (const definition of agentIntents(model)) {
      const phrases = withCarriers(definition, model.carriers).map((sample, index) => ({
        id: stableId('cx-phrase', code, definition.name, sample),
        parts: annotate(sample, definition, model, index).map((piece) =>
          'slot' in piece ? { text: piece.text, parameterId: piece.slot } : { text: piece.text },
        ),
        repeatCount: 1,
        languageCode: code,
      }));
      files.set(`intents/${definition.name}/trainingPhrases/${code}.json`, json({ trainingPhrases: phrases }));
    }
  }
  const used = new Set(intents.flatMap((definition) => Object.values(definition.slots ?? {})));
  for (const type of used) {
    if (primary!.model.slotTypes[type]?.kind !== 'custom') continue;
    const name = entityName(type);
    files.set(
      `entityTypes/${name}/${name}.json`,
      json({
        name: stableId('cx-entity', name),
        displayName: name,
        kind: 'KIND_MAP',
        autoExpansionMode: 'AUTO_EXPANSION_MODE_UNSPECIFIED',
        enableFuzzyExtraction: true,
      }),
    );
    for (const { code, model } of languages) {
      const values = (model.slotTypes[type] as { values: Array<{ id: string; synonyms: string[] }> }).values;
      files.set(
        `entityTypes/${name}/entities/${code}.json`,
        json({ entities: values.map((value) => ({ value: value.id, synonyms: value.synonyms, languageCode: code })) }),
      );
    }
  }
  return files;
}
