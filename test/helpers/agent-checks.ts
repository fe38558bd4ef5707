import { checkMessage, cxRoot, esRoot, type ExportKeys } from './dialogflow-protos';

/**
 * Would Dialogflow import these files? Each export file is checked against Google's message for
 * it, and every name one file uses for another (intent, page, flow, entity type, webhook,
 * parameter) must resolve inside the export. Returns problems as "path: what".
 */
const CX = 'google.cloud.dialogflow.cx.v3.';
/** The CX export format's own keys beside the API message fields (each phrase and entity names its language). */
const CX_EXPORT_KEYS: ExportKeys = {
  [`${CX}Intent.TrainingPhrase`]: ['languageCode'],
  [`${CX}EntityType.Entity`]: ['languageCode'],
  [`${CX}Intent.TrainingPhrase.Part`]: ['auto'],
};
/** Targets a CX route may name that are not pages of the flow. */
const CX_SPECIAL_PAGES = new Set([
  'END_SESSION',
  'END_FLOW',
  'CURRENT_PAGE',
  'PREVIOUS_PAGE',
  'START_PAGE',
  'END_FLOW_WITH_CANCELLATION',
  'END_FLOW_WITH_FAILURE',
  'END_FLOW_WITH_HUMAN_ESCALATION',
]);

function parse(files: Map<string, string>, problems: string[]) {
  const parsed = new Map<string, any>();
  for (const [path, text] of files) {
    try {
      parsed.set(path, JSON.parse(text));
    } catch (error) {
      problems.push(`${path}: not JSON (${(error as Error).message})`);
    }
  }
  return parsed;
}

const entityOk = (ref: unknown, entities: Set<string>) =>
  typeof ref === 'string' && (/^@sys\.[a-z-]+$/.test(ref) || (ref.startsWith('@') && entities.has(ref.slice(1))));

export function checkCxExport(files: Map<string, string>): string[] {
  const problems: string[] = [];
  const root = cxRoot();
  const type = (name: string) => root.lookupType(`${CX}${name}`);
  const json = parse(files, problems);
  const intents = new Set<string>();
  const entities = new Set<string>();
  const webhooks = new Set<string>();
  const flows = new Map<string, Set<string>>();
  for (const path of json.keys()) {
    let m: RegExpExecArray | null;
    if ((m = /^intents\/([^/]+)\/\1\.json$/.exec(path))) intents.add(m[1]!);
    else if ((m = /^entityTypes\/([^/]+)\/\1\.json$/.exec(path))) entities.add(m[1]!);
    else if ((m = /^webhooks\/([^/]+)\.json$/.exec(path))) webhooks.add(m[1]!);
    else if ((m = /^flows\/([^/]+)\/\1\.json$/.exec(path))) flows.set(m[1]!, flows.get(m[1]!) ?? new Set());
  }
  for (const path of json.keys()) {
    const m = /^flows\/([^/]+)\/pages\/([^/]+)\.json$/.exec(path);
    if (m) (flows.get(m[1]!) ?? flows.set(m[1]!, new Set()).get(m[1]!)!).add(m[2]!);
  }
  const agent = json.get('agent.json');
  if (!agent) problems.push('agent.json: missing');
  const languages = new Set<string>(agent ? [agent.defaultLanguageCode, ...(agent.supportedLanguageCodes ?? [])] : []);
  const webhookRef = (fulfillment: any, at: string) => {
    if (fulfillment?.webhook !== undefined && !webhooks.has(fulfillment.webhook))
      problems.push(`${at}.webhook: no webhook "${fulfillment.webhook}" in webhooks/`);
  };

  for (const [path, data] of json) {
    let m: RegExpExecArray | null;
    if (path === 'agent.json') {
      problems.push(...checkMessage(type('Agent'), data, path, CX_EXPORT_KEYS));
      if (!flows.has(data.startFlow)) problems.push(`${path}.startFlow: no flow "${data.startFlow}" in flows/`);
    } else if ((m = /^webhooks\/([^/]+)\.json$/.exec(path))) {
      problems.push(...checkMessage(type('Webhook'), data, path, CX_EXPORT_KEYS));
      if (data.displayName !== m[1]) problems.push(`${path}.displayName: "${data.displayName}" is not the file's name`);
    } else if ((m = /^flows\/([^/]+)\/\1\.json$/.exec(path))) {
      problems.push(...checkMessage(type('Flow'), data, path, CX_EXPORT_KEYS));
      if (data.displayName !== m[1])
        problems.push(`${path}.displayName: "${data.displayName}" is not the folder's name`);
      const pages = flows.get(m[1]!)!;
      (data.transitionRoutes ?? []).forEach((route: any, index: number) => {
        const at = `${path}.transitionRoutes[${index}]`;
        if (route.intent !== undefined && !intents.has(route.intent))
          problems.push(`${at}.intent: no intent "${route.intent}" in intents/`);
        if (route.targetPage !== undefined && !pages.has(route.targetPage) && !CX_SPECIAL_PAGES.has(route.targetPage))
          problems.push(`${at}.targetPage: no page "${route.targetPage}"`);
        if (route.targetFlow !== undefined && !flows.has(route.targetFlow))
          problems.push(`${at}.targetFlow: no flow "${route.targetFlow}"`);
        webhookRef(route.triggerFulfillment, `${at}.triggerFulfillment`);
      });
      (data.eventHandlers ?? []).forEach((handler: any, index: number) =>
        webhookRef(handler.triggerFulfillment, `${path}.eventHandlers[${index}].triggerFulfillment`),
      );
    } else if (/^flows\/([^/]+)\/pages\/([^/]+)\.json$/.test(path)) {
      problems.push(...checkMessage(type('Page'), data, path, CX_EXPORT_KEYS));
    } else if ((m = /^intents\/([^/]+)\/\1\.json$/.exec(path))) {
      problems.push(...checkMessage(type('Intent'), data, path, CX_EXPORT_KEYS));
      if (data.displayName !== m[1])
        problems.push(`${path}.displayName: "${data.displayName}" is not the folder's name`);
      (data.parameters ?? []).forEach((parameter: any, index: number) => {
        if (!entityOk(parameter.entityType, entities))
          problems.push(`${path}.parameters[${index}].entityType: no entity type "${parameter.entityType}"`);
      });
    } else if ((m = /^intents\/([^/]+)\/trainingPhrases\/([^/]+)\.json$/.exec(path))) {
      const [, intent, language] = m;
      const definition = json.get(`intents/${intent}/${intent}.json`);
      if (!definition) problems.push(`${path}: training phrases of an intent that does not exist`);
      if (!languages.has(language!)) problems.push(`${path}: language ${language} is not one of the agent's`);
      problems.push(...wrapper(data, 'trainingPhrases', path));
      const parameterIds = new Set((definition?.parameters ?? []).map((p: any) => p.id));
      (Array.isArray(data?.trainingPhrases) ? data.trainingPhrases : []).forEach((phrase: any, index: number) => {
        const at = `${path}.trainingPhrases[${index}]`;
        problems.push(...checkMessage(type('Intent.TrainingPhrase'), phrase, at, CX_EXPORT_KEYS));
        if (phrase?.languageCode !== language)
          problems.push(`${at}.languageCode: ${phrase?.languageCode} in the ${language} file`);
        (phrase?.parts ?? []).forEach((part: any, p: number) => {
          if (part?.parameterId !== undefined && !parameterIds.has(part.parameterId))
            problems.push(`${at}.parts[${p}].parameterId: the intent has no parameter "${part.parameterId}"`);
        });
      });
    } else if ((m = /^entityTypes\/([^/]+)\/\1\.json$/.exec(path))) {
      problems.push(...checkMessage(type('EntityType'), data, path, CX_EXPORT_KEYS));
      if (data.displayName !== m[1])
        problems.push(`${path}.displayName: "${data.displayName}" is not the folder's name`);
    } else if ((m = /^entityTypes\/([^/]+)\/entities\/([^/]+)\.json$/.exec(path))) {
      const [, entity, language] = m;
      if (!entities.has(entity!)) problems.push(`${path}: entities of an entity type that does not exist`);
      if (!languages.has(language!)) problems.push(`${path}: language ${language} is not one of the agent's`);
      problems.push(...wrapper(data, 'entities', path));
      (Array.isArray(data?.entities) ? data.entities : []).forEach((entry: any, index: number) => {
        problems.push(...checkMessage(type('EntityType.Entity'), entry, `${path}.entities[${index}]`, CX_EXPORT_KEYS));
        if (entry?.languageCode !== language)
          problems.push(`${path}.entities[${index}].languageCode: ${entry?.languageCode} in the ${language} file`);
      });
    } else problems.push(`${path}: not a file of the CX export layout`);
  }
  return problems;
}

/** The per-language files of an export wrap one list: exactly that key. */
function wrapper(data: any, key: string, path: string): string[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [`${path}: expected an object with ${key}`];
  const problems = Object.keys(data)
    .filter((k) => k !== key)
    .map((k) => `${path}.${k}: unknown key (the file holds ${key} only)`);
  if (!Array.isArray(data[key])) problems.push(`${path}.${key}: expected a list`);
  return problems;
}

/**
 * The ES export is Dialogflow's older zip layout, which no proto describes; restoreAgent reads it
 * into the v2 messages. Each key of each file is listed here with the v2 field it becomes (the
 * converted message is then checked against the v2 proto) or as a key of the layout with no v2
 * field; a key in neither list is unknown.
 */
type Convert = Record<string, ((value: any, out: Record<string, any>) => void) | 'layout'>;
const set =
  (field: string, map: (value: any) => unknown = (v) => v) =>
  (value: any, out: Record<string, any>) => {
    out[field] = map(value);
  };
const ES_AGENT: Convert = {
  description: set('description'),
  language: set('defaultLanguageCode'),
  supportedLanguages: set('supportedLanguageCodes'),
  defaultTimezone: set('timeZone'),
  mlMinConfidence: set('classificationThreshold'),
  onePlatformApiVersion: set('apiVersion', (v) =>
    v === 'v2' ? 'API_VERSION_V2' : v === 'v2beta1' ? 'API_VERSION_V2_BETA_1' : `unknown version ${v}`,
  ),
  webhook: 'layout',
  isPrivate: 'layout',
  customClassifierMode: 'layout',
};
const ES_WEBHOOK: Convert = {
  url: (v, out) => (out.genericWebService = { ...(out.genericWebService ?? {}), uri: v }),
  available: set('enabled'),
  useForDomains: 'layout',
  cloudFunctionsEnabled: 'layout',
  cloudFunctionsInitialized: 'layout',
  headers: (v, out) => (out.genericWebService = { ...(out.genericWebService ?? {}), requestHeaders: v }),
  username: (v, out) => (out.genericWebService = { ...(out.genericWebService ?? {}), username: v }),
  password: (v, out) => (out.genericWebService = { ...(out.genericWebService ?? {}), password: v }),
};
const ES_INTENT: Convert = {
  id: 'layout',
  name: set('displayName'),
  auto: set('mlDisabled', (v) => (typeof v === 'boolean' ? !v : v)),
  contexts: set('inputContextNames'),
  responses: 'layout', // converted below, one response per intent
  priority: set('priority'),
  webhookUsed: (v, out) =>
    (out.webhookState =
      v === true
        ? (out.webhookState ?? 'WEBHOOK_STATE_ENABLED')
        : v === false
          ? (out.webhookState ?? 'WEBHOOK_STATE_UNSPECIFIED')
          : v),
  webhookForSlotFilling: (v, out) =>
    (out.webhookState =
      v === true ? 'WEBHOOK_STATE_ENABLED_FOR_SLOT_FILLING' : typeof v === 'boolean' ? out.webhookState : v),
  fallbackIntent: set('isFallback'),
  events: set('events', (v) =>
    Array.isArray(v)
      ? v.map((event) =>
          event && typeof event === 'object' && Object.keys(event).join() === 'name' ? event.name : event,
        )
      : v,
  ),
};
const ES_RESPONSE: Convert = {
  resetContexts: set('resetContexts'),
  action: set('action'),
  affectedContexts: set('outputContexts', (v) =>
    Array.isArray(v) ? v.map((c) => ({ name: c?.name, lifespanCount: c?.lifespan })) : v,
  ),
  parameters: set('parameters'),
  messages: set('messages'),
  defaultResponsePlatforms: 'layout',
  speech: 'layout',
};
const ES_PARAMETER: Convert = {
  id: set('name'),
  name: set('displayName'),
  dataType: set('entityTypeDisplayName'),
  value: set('value'),
  required: set('mandatory'),
  prompts: set('prompts', (v) => (Array.isArray(v) ? v.map((p) => (p && typeof p === 'object' ? p.value : p)) : v)),
  isList: set('isList'),
  defaultValue: set('defaultValue'),
};
const ES_MESSAGE: Convert = {
  type: 'layout',
  lang: 'layout',
  condition: 'layout',
  speech: (v, out) => (out.text = { text: Array.isArray(v) ? v : [v] }),
};
const ES_USERSAYS: Convert = {
  id: 'layout',
  data: set('parts'),
  isTemplate: set('type', (v) => (v === true ? 'TEMPLATE' : v === false ? 'EXAMPLE' : v)),
  count: set('timesAddedCount'),
  lang: 'layout',
  updated: 'layout',
};
const ES_PART: Convert = {
  text: set('text'),
  alias: set('alias'),
  meta: set('entityType'),
  userDefined: set('userDefined'),
};
const ES_ENTITY: Convert = {
  id: 'layout',
  name: set('displayName'),
  isOverridable: 'layout',
  isEnum: (v, out) => (out.kind = v === true ? 'KIND_LIST' : v === false ? (out.kind ?? 'KIND_MAP') : v),
  isRegexp: (v, out) => (out.kind = v === true ? 'KIND_REGEXP' : v === false ? (out.kind ?? 'KIND_MAP') : v),
  automatedExpansion: set('autoExpansionMode', (v) =>
    v === true ? 'AUTO_EXPANSION_MODE_DEFAULT' : v === false ? 'AUTO_EXPANSION_MODE_UNSPECIFIED' : v,
  ),
  allowFuzzyExtraction: set('enableFuzzyExtraction'),
};
const ES_ENTRY: Convert = { value: set('value'), synonyms: set('synonyms') };

function convert(data: unknown, table: Convert, at: string, problems: string[]): Record<string, any> {
  const out: Record<string, any> = {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`${at}: expected an object`);
    return out;
  }
  for (const [key, value] of Object.entries(data)) {
    const rule = table[key];
    if (!rule) problems.push(`${at}.${key}: unknown key (not a key of the ES export layout)`);
    else if (rule !== 'layout') rule(value, out);
  }
  return out;
}

const listOf = (value: unknown, at: string, problems: string[]): unknown[] => {
  if (Array.isArray(value)) return value;
  problems.push(`${at}: expected a list`);
  return [];
};

export function checkEsExport(files: Map<string, string>): string[] {
  const problems: string[] = [];
  const root = esRoot();
  const type = (name: string) => root.lookupType(`google.cloud.dialogflow.v2.${name}`);
  const json = parse(files, problems);
  const agent = json.get('agent.json');
  if (!agent) problems.push('agent.json: missing');
  if (JSON.stringify(json.get('package.json')) !== JSON.stringify({ version: '1.0.0' }))
    problems.push('package.json: must be {"version": "1.0.0"}');
  const languages = new Set<string>(agent ? [agent.language, ...(agent.supportedLanguages ?? [])] : []);
  const entities = new Set(
    [...json.keys()]
      .map((path) => /^entities\/([^/_]+)\.json$/.exec(path)?.[1])
      .filter((name): name is string => !!name),
  );
  const parametersOf = new Map<string, Set<string>>();

  for (const [path, data] of json) {
    let m: RegExpExecArray | null;
    if (path === 'package.json') continue;
    if (path === 'agent.json') {
      const out = convert(data, ES_AGENT, path, problems);
      problems.push(...checkMessage(type('Agent'), { parent: 'projects/p', ...out }, path));
      if (data.webhook !== undefined)
        problems.push(
          ...checkMessage(
            type('Fulfillment'),
            { name: 'projects/p/agent/fulfillment', ...convert(data.webhook, ES_WEBHOOK, `${path}.webhook`, problems) },
            `${path}.webhook`,
          ),
        );
    } else if (/^intents\/[^/]+_usersays_[a-z-]+\.json$/.test(path)) continue;
    else if ((m = /^intents\/([^/]+)\.json$/.exec(path))) {
      const out = convert(data, ES_INTENT, path, problems);
      if (data.name !== m[1]) problems.push(`${path}.name: "${data.name}" is not the file's name`);
      const responses = listOf(data.responses ?? [], `${path}.responses`, problems);
      if (responses.length > 1) problems.push(`${path}.responses: one response per intent`);
      responses.slice(0, 1).forEach((response, index) => {
        const at = `${path}.responses[${index}]`;
        Object.assign(out, convert(response, ES_RESPONSE, at, problems));
        out.parameters = listOf(out.parameters ?? [], `${at}.parameters`, problems).map((parameter, p) =>
          convert(parameter, ES_PARAMETER, `${at}.parameters[${p}]`, problems),
        );
        out.messages = listOf(out.messages ?? [], `${at}.messages`, problems).map((message, p) => {
          const converted = convert(message, ES_MESSAGE, `${at}.messages[${p}]`, problems);
          const lang = (message as { lang?: string } | null)?.lang;
          if (lang !== undefined && !languages.has(lang))
            problems.push(`${at}.messages[${p}].lang: ${lang} is not one of the agent's languages`);
          return converted;
        });
      });
      parametersOf.set(m[1]!, new Set((out.parameters ?? []).map((p: any) => p.displayName)));
      for (const [p, parameter] of (out.parameters ?? []).entries()) {
        if (!entityOk(parameter.entityTypeDisplayName, entities))
          problems.push(
            `${path}.responses[0].parameters[${p}].dataType: no entity "${parameter.entityTypeDisplayName}"`,
          );
      }
      problems.push(...checkMessage(type('Intent'), out, path));
    } else if ((m = /^entities\/([^/]+)_entries_([a-z-]+)\.json$/.exec(path))) {
      if (!entities.has(m[1]!)) problems.push(`${path}: entries of an entity that does not exist`);
      if (!languages.has(m[2]!)) problems.push(`${path}: language ${m[2]} is not one of the agent's`);
      listOf(data, path, problems).forEach((entry, index) =>
        problems.push(
          ...checkMessage(
            type('EntityType.Entity'),
            convert(entry, ES_ENTRY, `${path}[${index}]`, problems),
            `${path}[${index}]`,
          ),
        ),
      );
    } else if ((m = /^entities\/([^/]+)\.json$/.exec(path))) {
      const out = convert(data, ES_ENTITY, path, problems);
      if (data.name !== m[1]) problems.push(`${path}.name: "${data.name}" is not the file's name`);
      problems.push(...checkMessage(type('EntityType'), { kind: 'KIND_MAP', ...out }, path));
    } else problems.push(`${path}: not a file of the ES export layout`);
  }

  for (const [path, data] of json) {
    const m = /^intents\/([^/]+)_usersays_([a-z-]+)\.json$/.exec(path);
    if (!m) continue;
    const [, intent, language] = m;
    const parameters = parametersOf.get(intent!);
    if (!parameters) problems.push(`${path}: user says of an intent that does not exist`);
    if (!languages.has(language!)) problems.push(`${path}: language ${language} is not one of the agent's`);
    listOf(data, path, problems).forEach((says, index) => {
      const at = `${path}[${index}]`;
      const out = convert(says, ES_USERSAYS, at, problems);
      if ((says as { lang?: string } | null)?.lang !== language)
        problems.push(`${at}.lang: ${(says as { lang?: string } | null)?.lang} in the ${language} file`);
      out.parts = listOf(out.parts, `${at}.data`, problems).map((part, p) => {
        const converted = convert(part, ES_PART, `${at}.data[${p}]`, problems);
        if (converted.alias !== undefined && parameters && !parameters.has(converted.alias))
          problems.push(`${at}.data[${p}].alias: the intent has no parameter "${converted.alias}"`);
        if (converted.entityType !== undefined && !entityOk(converted.entityType, entities))
          problems.push(`${at}.data[${p}].meta: no entity "${converted.entityType}"`);
        return converted;
      });
      problems.push(...checkMessage(type('Intent.TrainingPhrase'), out, at));
    });
  }
  return problems;
}
