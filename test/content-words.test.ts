import { loadCatalogue } from '../src/content/load';
import type { Equipment } from '../src/content/schema';
import { translator } from '../src/i18n';

/**
 * Issue 25: the words of each step must agree with where the body and the tool are. The shoulder
 * stretch once said "keep the ball on the chest muscle" with the ball behind the shoulder. Each
 * step's spoken instruction (its safety sentences resolved in) names the places the ball or
 * roller is; places that exclude each other never meet in one step, and every tool named is one
 * the routine asks for.
 */
const catalogue = loadCatalogue();

/** Where a tool can be, as each locale says it: a step's words name one place of each group. */
const PLACES: Record<string, Record<string, RegExp>> = {
  'en-US': {
    // The chest as the tool's place ("arms crossed over your chest" is not).
    chest: /chest muscle|side of your chest/i,
    backOfShoulder:
      /behind (your|the) (right |left )?shoulder|back of (your|the) (right |left )?shoulder|shoulder blade/i,
  },
  'de-DE': {
    chest: /brustmuskel|brustseite/i,
    backOfShoulder:
      /hinter der (rechten |linken )?schulter|rückseite deiner (rechten |linken )?schulter|schulterblatt/i,
  },
};
/** Places a tool cannot be at once in one step. */
const EXCLUSIVE: Array<[string, string]> = [['chest', 'backOfShoulder']];

/** The tools each locale names, and the equipment a routine must list for them. */
const TOOLS: Record<string, Array<[RegExp, Equipment]>> = {
  'en-US': [
    [/\bball\b/i, 'tennisBall'],
    [/\broller\b/i, 'foamRoller'],
  ],
  'de-DE': [
    [/\bball\b/i, 'tennisBall'],
    [/\brolle\b/i, 'foamRoller'],
  ],
};

const lines = (locale: string) => {
  const tr = translator(locale);
  return [...catalogue.routines.values()].flatMap((routine) =>
    routine.steps.flatMap((step) =>
      ['instruction', 'switch']
        .map((part) => `routine.${routine.id}.step.${step.id}.${part}`)
        .filter((key) => tr.has(key))
        .map((key) => ({ routine, key, text: tr.t(key) })),
    ),
  );
};

describe.each(Object.keys(PLACES))(
  'each step says one place for the tool, and only tools the routine has (%s)',
  (locale) => {
    it('never puts the ball in two places that exclude each other in one step', () => {
      const clashes = lines(locale).flatMap(({ key, text }) =>
        EXCLUSIVE.filter(([a, b]) => PLACES[locale]![a]!.test(text) && PLACES[locale]![b]!.test(text)).map(
          ([a, b]) => `${key}: ${a} and ${b} in "${text}"`,
        ),
      );
      expect(clashes).toEqual([]);
    });

    it('names only tools the routine lists as equipment', () => {
      const missing = lines(locale).flatMap(({ routine, key, text }) =>
        TOOLS[locale]!.filter(([word, tool]) => word.test(text) && !routine.equipment.includes(tool)).map(
          ([, tool]) => `${key} needs ${tool}`,
        ),
      );
      expect(missing).toEqual([]);
    });

    it('catches the kind of clash it is for', () => {
      const text =
        locale === 'en-US'
          ? 'Keep the ball behind your right shoulder. Keep the ball on the chest muscle, away from your armpit.'
          : 'Lass den Ball hinter der rechten Schulter. Lass den Ball auf dem Brustmuskel, weg von der Achsel.';
      expect(EXCLUSIVE.some(([a, b]) => PLACES[locale]![a]!.test(text) && PLACES[locale]![b]!.test(text))).toBe(true);
    });
  },
);
