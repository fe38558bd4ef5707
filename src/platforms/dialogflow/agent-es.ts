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

/**
 * The Dialogflow ES agent export (the layout restoreAgent and the console's import take):
 * agent.json, package.json, intents with user says per language, entities with entries per
 * language. Each intent's action is its coach event; every intent calls the webhook.
 */
export function esAgentFiles(webhookUrl = `${DEFAULT_WEBHOOK}/dialogflow`): Map<string, string> {
  const files = new Map<string, string>();
  const languages = languageModels();
  const [primary, ...others] = languages;
  files.set(
    'agent.json',
    json({
      description: 'Massage Coach: hands-free, timed self-massage routines. Fulfilment by webhook.',
      language: primary!.code,
      supportedLanguages: others.map((l) => l.code),
      defaultTimezone: 'Europe/Berlin',
      webhook: {
        url: webhookUrl,
        available: true,
        useForDomains: false,
        cloudFunctionsEnabled: false,
        cloudFunctionsInitialized: false,
      },
      isPrivate: true,
      customClassifierMode: 'use.after',
      mlMinConfidence: 0.3,
      onePlatformApiVersion: 'v2',
    }),
  );
  files.set('package.json', json({ version: '1.0.0' }));

  const intent = (
    name: string,
    action: string,
    parameters: unknown[],
    options: { events?: string[]; fallback?: boolean } = {},
  ) =>
    json({
      id: stableId('es-intent', name),
      name,
      auto: true,
      contexts: [],
      responses: [
        {
          resetContexts: false,
          action,
          affectedContexts: [],
          parameters,
          messages: languages.map((l) => ({ type: 0, lang: l.code, speech: [] })),
          defaultResponsePlatforms: {},
          speech: [],
        },
      ],
      priority: 500000,
      webhookUsed: true,
      webhookForSlotFilling: false,
      fallbackIntent: options.fallback ?? false,
      events: (options.events ?? []).map((event) => ({ name: event })),
    });

  files.set(
    'intents/Default Welcome Intent.json',
    intent('Default Welcome Intent', 'LAUNCH', [], { events: ['WELCOME'] }),
  );
  files.set(
    'intents/Default Fallback Intent.json',
    intent('Default Fallback Intent', 'FALLBACK', [], { fallback: true }),
  );
  for (const { code, model } of languages) {
    const welcome =
      code === 'de'
        ? ['hallo', 'hi', 'öffne massage coach', 'starte massage coach']
        : ['hi', 'hello', 'open massage coach', 'talk to massage coach'];
    files.set(
      `intents/Default Welcome Intent_usersays_${code}.json`,
      json(
        welcome.map((text) => ({
          id: stableId('es-says', code, 'welcome', text),
          data: [{ text, userDefined: false }],
          isTemplate: false,
          count: 0,
          lang: code,
          updated: 0,
        })),
      ),
    );
    for (const definition of agentIntents(model)) {
      const says = withCarriers(definition, model.carriers).map((sample, index) => ({
        id: stableId('es-says', code, definition.name, sample),
        data: annotate(sample, definition, model, index).map((piece) =>
          'slot' in piece
            ? { text: piece.text, alias: piece.slot, meta: entityRef(piece.type), userDefined: true }
            : { text: piece.text, userDefined: false },
        ),
        isTemplate: false,
        count: 0,
        lang: code,
        updated: 0,
      }));
      files.set(`intents/${definition.name}_usersays_${code}.json`, json(says));
    }
  }
  // Intents are shared by both languages: the English definitions name them.
  for (const definition of agentIntents(primary!.model)) {
    const parameters = Object.entries(definition.slots ?? {}).map(([slot, type]) => ({
      id: stableId('es-parameter', definition.name, slot),
      required: false,
      dataType: entityRef(type),
      name: slot,
      value: `$${slot}`,
      prompts: [],
      isList: false,
    }));
    files.set(`intents/${definition.name}.json`, intent(definition.name, definition.event!, parameters));
  }
  const used = new Set(agentIntents(primary!.model).flatMap((definition) => Object.values(definition.slots ?? {})));
  for (const type of used) {
    const slotType = primary!.model.slotTypes[type];
    if (slotType?.kind !== 'custom') continue;
    const name = entityName(type);
    files.set(
      `entities/${name}.json`,
      json({
        id: stableId('es-entity', name),
        name,
        isOverridable: true,
        isEnum: false,
        isRegexp: false,
        automatedExpansion: false,
        allowFuzzyExtraction: true,
      }),
    );
    for (const { code, model } of languages) {
      const values = (model.slotTypes[type] as { values: Array<{ id: string; synonyms: string[] }> }).values;
      files.set(
        `entities/${name}_entries_${code}.json`,
        json(values.map((value) => ({ value: value.id, synonyms: value.synonyms }))),
      );
    }
  }
  return files;
}
