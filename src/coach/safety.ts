import type { Catalogue } from '../content/load';
import type { Tier } from '../content/schema';
import { say, type Act, type Param } from '../speech/acts';

/** The number as the coach speaks it: "9-1-1" in English, "die 112" in German (the locale decides); null: "your local emergency number". */
export function emergencyNumberParam(number: string | null): Param {
  return number
    ? { t: 'safety.number', params: { number, digits: number.split('').join('-') } }
    : { t: 'safety.localNumber' };
}

/** Why a session was halted for safety: it picks what the coach says if the user speaks again. */
export type SafetyHalt = 'emergency' | 'same-day' | 'stop';

export interface SafetyAnswer {
  tier: Tier;
  /** One line, at most two short sentences, action first; never the user's own words. */
  acts: Act[];
  /** Null for a caution: answered, and the session goes on as it was. */
  halt: SafetyHalt | null;
  /** Routines not to be worked again in this session. */
  blocks: string[];
}

/**
 * The answer to a warning sign (content/safety/signs.json), by tier. A RED_FLAG without a known
 * sign is treated as the stop tier: the adapters only send one when a warning sign was heard.
 */
export function safetyAnswer(
  catalogue: Catalogue,
  symptom: string | undefined,
  emergencyNumber: string | null,
  routine: string | null,
): SafetyAnswer {
  const sign = catalogue.safety.signs.find((candidate) => candidate.id === symptom);
  if (sign?.tier === 'caution')
    return { tier: 'caution', acts: [say(`coach.redFlag.caution.${sign.id}`)], halt: null, blocks: [] };
  const all = [...catalogue.routines.keys()];
  const number = emergencyNumberParam(emergencyNumber);
  if (sign?.tier === 'emergency') {
    const halt: SafetyHalt = sign.care === 'same-day' ? 'same-day' : 'emergency';
    return {
      tier: 'emergency',
      acts: [say(halt === 'same-day' ? 'coach.redFlag.stopSameDay' : 'coach.redFlag.stopEmergency', { number })],
      halt,
      blocks: all,
    };
  }
  // The stop tier blocks the area being worked; said outside a routine, the sign's own areas.
  const areas = sign ? (sign.areas.includes('any') ? all : sign.areas) : [];
  return {
    tier: 'stop',
    acts: [say(sign ? `coach.redFlag.stopSign.${sign.id}` : 'coach.redFlag.stop')],
    halt: 'stop',
    blocks: routine ? [routine] : areas,
  };
}

/** What the coach says to anything after a safety halt in the same session. */
export function afterHalt(halt: SafetyHalt | null, emergencyNumber: string | null): Act {
  const number = emergencyNumberParam(emergencyNumber);
  if (halt === 'emergency') return say('coach.redFlag.afterEmergency', { number });
  if (halt === 'same-day') return say('coach.redFlag.afterSameDay', { number });
  return say('coach.redFlag.after');
}
