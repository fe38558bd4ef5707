import {
  DefaultApiClient,
  SkillBuilders,
  getIntentName,
  getRequestType,
  type Skill as CustomSkill,
  type ErrorHandler,
  type HandlerInput,
  type RequestHandler,
  type RequestInterceptor,
} from 'ask-sdk-core';
import type { canfulfill, IntentRequest, RequestEnvelope, SessionEndedRequest, interfaces, Slot } from 'ask-sdk-model';
import type { PersistedCoach } from '../../coach/turn';
import { translator } from '../../i18n';
import { translatorOf } from './translator';
import { log } from '../../log';
import type { Conversation } from '../../runtime/conversation';
import { eventFromAlexaIntent, requestFacts } from './request';
import { alexaResponse, type HoldAudio } from './response';
import { handleReminder } from './reminders';
import { deleteAccount } from '../../store/household';
import { accountOf, VOICE_ATTRIBUTE, voiceOf, type Voice } from './voice';

export interface AlexaOptions {
  conversation: Conversation;
  holdAudio?: HoldAudio;
}

const REMIND = 'RemindIntent';

const CLOSE_REASONS: Record<string, 'user' | 'silence' | 'error'> = {
  USER_INITIATED: 'user',
  EXCEEDED_MAX_REPROMPTS: 'silence',
  ERROR: 'error',
};

/** The custom skill: every handler translates between Alexa and the coach; none decides dialogue. */
export function buildAlexaSkill({ conversation, holdAudio = 'apla' }: AlexaOptions): CustomSkill {
  const coachTurn: RequestHandler = {
    canHandle: (input) => {
      const type = getRequestType(input.requestEnvelope);
      return type === 'LaunchRequest' || (type === 'IntentRequest' && getIntentName(input.requestEnvelope) !== REMIND);
    },
    async handle(input) {
      const facts = requestFacts(input.requestEnvelope);
      const request = input.requestEnvelope.request;
      const event =
        request.type === 'LaunchRequest'
          ? { type: 'LAUNCH' }
          : eventFromAlexaIntent((request as IntentRequest).intent, facts.locale);
      // Some requests arrive outside a session (a one-shot from a routine, a test tool): no attributes then.
      const inSession = Boolean(input.requestEnvelope.session);
      const attributes = (inSession ? input.attributesManager.getSessionAttributes() : {}) as {
        coach?: PersistedCoach;
      };
      const voice = voiceOf(input.requestEnvelope, attributes);
      const turn = await conversation.handle({
        ...facts,
        ...owner(voice),
        newSession: facts.newSession || !inSession,
        snapshot: attributes.coach ?? null,
        event,
        platform: 'alexa',
      });
      if (inSession)
        input.attributesManager.setSessionAttributes({ coach: turn.snapshot, [VOICE_ATTRIBUTE]: voice.personId });
      return alexaResponse(input, turn, holdAudio);
    },
  };

  /** Alexa closed the session (silence, the user, an error): save the place; no speech is allowed. */
  const sessionEnded: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
    async handle(input) {
      const request = input.requestEnvelope.request as SessionEndedRequest;
      if (request.error)
        log.warn('session ended with error', {
          platform: 'alexa',
          errorType: request.error.type,
          reason: request.reason,
        });
      const attributes = (input.requestEnvelope.session ? input.attributesManager.getSessionAttributes() : {}) as {
        coach?: PersistedCoach;
      };
      if (attributes.coach) {
        const facts = requestFacts(input.requestEnvelope);
        await conversation.handle({
          ...facts,
          ...owner(voiceOf(input.requestEnvelope, attributes)),
          snapshot: attributes.coach,
          event: { type: 'SESSION_CLOSED', reason: CLOSE_REASONS[request.reason] ?? 'user' },
          platform: 'alexa',
        });
      }
      return input.responseBuilder.getResponse();
    },
  };

  const exceptionEncountered: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'System.ExceptionEncountered',
    handle(input) {
      const request = input.requestEnvelope.request as interfaces.system.ExceptionEncounteredRequest;
      log.warn('exception encountered', { platform: 'alexa', errorType: request.error?.type });
      return input.responseBuilder.getResponse();
    },
  };

  /** The user disabled the skill: with no persistence asked for, everything kept for the account goes, every voice's too. */
  const skillDisabled: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'AlexaSkillEvent.SkillDisabled',
    async handle(input) {
      const request = input.requestEnvelope.request as unknown as {
        body?: { userInformationPersistenceStatus?: string };
      };
      if (request.body?.userInformationPersistenceStatus !== 'PERSISTED') {
        const persons = await deleteAccount(conversation.store, accountOf(input.requestEnvelope));
        log.info('user data deleted', { platform: 'alexa', reason: 'skill disabled', count: persons });
      }
      return input.responseBuilder.getResponse();
    },
  };

  /** Name-free interaction: can we take this intent? No speech, no state change. */
  const canFulfill: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'CanFulfillIntentRequest',
    handle(input) {
      const request = input.requestEnvelope.request as canfulfill.CanFulfillIntentRequest;
      const locale = request.locale ?? 'en-US';
      const event = eventFromAlexaIntent(request.intent, locale) as { type: string } & Record<string, unknown>;
      const ours = request.intent.name === REMIND || event.type !== 'FALLBACK';
      const slots: Record<string, { canUnderstand: 'YES' | 'NO' | 'MAYBE'; canFulfill: 'YES' | 'NO' }> = {};
      for (const [name, slot] of Object.entries(request.intent.slots ?? {}) as Array<[string, Slot]>) {
        if (!slot.value) continue;
        const understood = request.intent.name === REMIND ? true : event[name] !== undefined;
        slots[name] = { canUnderstand: understood ? 'YES' : 'NO', canFulfill: understood ? 'YES' : 'NO' };
      }
      const allUnderstood = Object.values(slots).every((slot) => slot.canUnderstand === 'YES');
      const canFulfillIntent = ours ? (allUnderstood ? 'YES' : 'MAYBE') : 'NO';
      return input.responseBuilder.withCanFulfillIntent({ canFulfill: canFulfillIntent, slots }).getResponse();
    },
  };

  const reminder: RequestHandler = {
    canHandle: (input) =>
      getRequestType(input.requestEnvelope) === 'IntentRequest' && getIntentName(input.requestEnvelope) === REMIND,
    handle: (input) => handleReminder(input),
  };

  /** Anything else that reaches the skill (a request type we do not use): an empty, valid answer. */
  const other: RequestHandler = {
    canHandle: () => true,
    handle: (input) => input.responseBuilder.getResponse(),
  };

  /** A bug must not leave the user in silence: apologise and keep the session. */
  const apology: ErrorHandler = {
    canHandle: () => true,
    handle(input: HandlerInput, error: Error) {
      log.error('alexa handler failed', { platform: 'alexa', errorType: error.name });
      const text = translatorOf(input).t('alexa.error');
      return input.responseBuilder.speak(text).reprompt(text).getResponse();
    },
  };

  /** i18next by request locale, once per request, for the handlers that speak Alexa's own lines. */
  const i18nInterceptor: RequestInterceptor = {
    process(input) {
      const locale = (input.requestEnvelope.request as { locale?: string }).locale ?? 'en-US';
      input.attributesManager.setRequestAttributes({
        ...input.attributesManager.getRequestAttributes(),
        translator: translator(locale),
      });
    },
  };

  /** The session attributes the request carried, handed to ask-sdk without its copy (see withoutAttributeCopy). */
  const carried = new WeakMap<RequestEnvelope, { [key: string]: unknown }>();
  const attributesInterceptor: RequestInterceptor = {
    process(input) {
      const attributes = carried.get(input.requestEnvelope);
      if (attributes) input.attributesManager.setSessionAttributes(attributes);
    },
  };

  const skill = SkillBuilders.custom()
    .addRequestHandlers(skillDisabled, canFulfill, exceptionEncountered, sessionEnded, reminder, coachTurn, other)
    .addRequestInterceptors(attributesInterceptor, i18nInterceptor)
    .addErrorHandlers(apology)
    .withApiClient(new DefaultApiClient())
    .withCustomUserAgent('massage-coach')
    .create();
  return withoutAttributeCopy(skill, carried);
}

/** The turn's owner: the voice's key, and its account when it is a recognised person's. */
const owner = (voice: Voice) => ({ userId: voice.userId, ...(voice.accountId ? { accountId: voice.accountId } : {}) });

/**
 * ask-sdk deep-copies the session attributes (a JSON round trip of the coach's snapshot) on every
 * request, for handlers that might change them in place. Ours replace them and never mutate:
 * the skill gets the envelope with empty attributes and the interceptor above gives the
 * handlers the carried object itself, so the response carries them as before, without the copy.
 */
function withoutAttributeCopy(
  skill: CustomSkill,
  carried: WeakMap<RequestEnvelope, { [key: string]: unknown }>,
): CustomSkill {
  const invoke = skill.invoke.bind(skill);
  skill.invoke = (envelope: RequestEnvelope, context?: unknown) => {
    const attributes = envelope.session?.attributes;
    if (!envelope.session || !attributes || Object.keys(attributes).length === 0) return invoke(envelope, context);
    const light: RequestEnvelope = { ...envelope, session: { ...envelope.session, attributes: {} } };
    carried.set(light, attributes);
    return invoke(light, context);
  };
  return skill;
}
