import type { HandlerInput } from 'ask-sdk-core';
import type { IntentRequest, Response, services } from 'ask-sdk-model';
import { log } from '../../log';
import { translatorOf } from './translator';

export const REMINDERS_PERMISSION = 'alexa::alerts:reminders:skill:readwrite';

/** AMAZON.TIME gives "19:00", or a part of the day ("EV"): a time of day, or null. */
export function parseAlexaTime(value: string | undefined): { hour: number; minute: number } | null {
  if (!value) return null;
  const parts: Record<string, [number, number]> = { MO: [8, 0], AF: [14, 0], EV: [19, 0], NI: [21, 0] };
  if (parts[value]) return { hour: parts[value]![0], minute: parts[value]![1] };
  const match = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The Reminders API body for a daily reminder at a local time, starting at its next occurrence. */
export function dailyReminder(
  time: { hour: number; minute: number },
  now: number,
  locale: string,
  text: string,
): services.reminderManagement.ReminderRequest {
  const start = new Date(now);
  if (start.getUTCHours() * 60 + start.getUTCMinutes() >= time.hour * 60 + time.minute)
    start.setUTCDate(start.getUTCDate() + 1);
  const date = `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}-${pad(start.getUTCDate())}`;
  const local = `${date}T${pad(time.hour)}:${pad(time.minute)}:00.000`;
  return {
    requestTime: new Date(now).toISOString(),
    trigger: {
      type: 'SCHEDULED_ABSOLUTE',
      scheduledTime: local,
      recurrence: {
        startDateTime: local,
        recurrenceRules: [`FREQ=DAILY;BYHOUR=${time.hour};BYMINUTE=${time.minute};BYSECOND=0;INTERVAL=1;`],
      },
    },
    alertInfo: { spokenInfo: { content: [{ locale, text }] } },
    pushNotification: { status: 'ENABLED' },
  } as services.reminderManagement.ReminderRequest;
}

/** "Remind me every day at seven pm": a daily reminder through the Alexa Reminders API. */
export async function handleReminder(input: HandlerInput): Promise<Response> {
  const envelope = input.requestEnvelope;
  const request = envelope.request as IntentRequest;
  const locale = request.locale ?? 'en-US';
  const tr = translatorOf(input);
  const builder = input.responseBuilder;
  const time = parseAlexaTime(request.intent.slots?.time?.value);
  if (!time) {
    return builder
      .speak(tr.t('alexa.reminder.askTime'))
      .reprompt(tr.t('alexa.reminder.askTime'))
      .addElicitSlotDirective('time')
      .getResponse();
  }
  const askPermission = () =>
    builder
      .speak(tr.t('alexa.reminder.permission'))
      .withAskForPermissionsConsentCard([REMINDERS_PERMISSION])
      .withShouldEndSession(true)
      .getResponse();
  if (!envelope.context?.System?.user?.permissions?.consentToken) return askPermission();
  const now = Date.parse(request.timestamp) || Date.now();
  try {
    const client = input.serviceClientFactory!.getReminderManagementServiceClient();
    await client.createReminder(dailyReminder(time, now, locale, tr.t('alexa.reminder.text')));
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403) return askPermission();
    log.warn('reminder failed', { platform: 'alexa', status: status ?? 0 });
    return builder.speak(tr.t('alexa.reminder.failed')).reprompt(tr.t('coach.ask.reprompt')).getResponse();
  }
  const spoken = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, time.hour, time.minute)),
  );
  return builder
    .speak(tr.t('alexa.reminder.set', { time: spoken }))
    .reprompt(tr.t('coach.ask.reprompt'))
    .getResponse();
}
