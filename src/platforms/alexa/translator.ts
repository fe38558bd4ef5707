import type { HandlerInput } from 'ask-sdk-core';
import { translator, type Translator } from '../../i18n';

/** The request's translator, set by the i18n interceptor (or made here if a failure came first). */
export function translatorOf(input: HandlerInput): Translator {
  const attached = input.attributesManager.getRequestAttributes().translator as Translator | undefined;
  return attached ?? translator((input.requestEnvelope.request as { locale?: string }).locale ?? 'en-US');
}
