import { cautionPlan, cautionPlanActs, rulesOut, spokenRoutine } from '../src/coach/cautions';
import { plannedMinutes } from '../src/coach/length';
import { stepKey } from '../src/coach/units';
import { loadCatalogue } from '../src/content/load';
import { translator } from '../src/i18n';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';

/**
 * Issue 25: a caution heard once changes the plan. What each caution rules out is data
 * (content/safety/cautions.json) matched against each step's position, tool and places.
 */
const catalogue = loadCatalogue();
const routine = (id: string) => catalogue.routines.get(id)!;
const ids = (id: string, heard: string[]) => {
  const plan = cautionPlan(catalogue, routine(id), heard);
  const stepIds = (indices: number[]) => indices.map((index) => routine(id).steps[index]!.id);
  return { replaced: stepIds(plan.replaced), leftOut: stepIds(plan.leftOut) };
};

describe('what a caution changes, routine by routine', () => {
  it('pregnancy: no lying on the back; the floor release moves to the wall, the roller on the back is left out', () => {
    expect(ids('mid-lower-back', ['pregnancy'])).toEqual({ replaced: ['floor-release'], leftOut: ['foam-roller'] });
    expect(ids('neck', ['pregnancy'])).toEqual({ replaced: [], leftOut: [] });
  });
  it('osteoporosis: no roller, no ball on ribs or spine; hand pressure and the ball on the calf instead', () => {
    expect(ids('shoulders-chest', ['osteoporosis'])).toEqual({ replaced: ['wall-release'], leftOut: [] });
    expect(ids('calves-hamstrings', ['osteoporosis'])).toEqual({ replaced: ['foam-roller'], leftOut: [] });
    // The wall version still puts the ball on the ribs: left out too.
    expect(ids('mid-lower-back', ['osteoporosis'])).toEqual({
      replaced: [],
      leftOut: ['foam-roller', 'floor-release'],
    });
  });
  it('a caution that rules out no position changes no step (blood thinners: light pressure, said)', () => {
    for (const id of catalogue.routines.keys())
      expect(ids(id, ['blood-thinners'])).toEqual({ replaced: [], leftOut: [] });
  });
  it('two cautions: each step is judged against both, the other way too', () => {
    expect(ids('mid-lower-back', ['pregnancy', 'osteoporosis']).leftOut).toEqual(['foam-roller', 'floor-release']);
  });
});

describe('every plan keeps its word: no step played is one a heard caution rules out', () => {
  const signs = catalogue.safety.cautions.map((caution) => caution.sign);
  const sets = [...signs.map((sign) => [sign]), signs];
  it.each(sets.map((heard) => [heard.join(' + '), heard] as const))('%s', (_name, heard) => {
    for (const base of catalogue.routines.values()) {
      const plan = cautionPlan(catalogue, base, heard);
      const played = spokenRoutine(base, plan.replaced).steps.filter((_, index) => !plan.leftOut.includes(index));
      const cautions = catalogue.safety.cautions.filter((caution) => heard.includes(caution.sign));
      const clashes = played.filter((step) => cautions.some((caution) => rulesOut(caution, step)));
      expect({ routine: base.id, clashes: clashes.map((step) => step.id) }).toEqual({ routine: base.id, clashes: [] });
    }
  });
});

describe.each(['en-US', 'de-DE'])(
  'the coach says it in one short sentence, and the length is honest (%s)',
  (locale) => {
    const tr = translator(locale);
    const back = routine('mid-lower-back');
    const plan = cautionPlan(catalogue, back, ['pregnancy']);
    it('names the other way and what is left out, in one sentence', () => {
      const acts = cautionPlanActs(back, plan);
      expect(acts).toHaveLength(1);
      const sentence = renderText(planSpeech(acts, locale));
      expect(sentence).toContain(tr.t('routine.mid-lower-back.step.floor-release.alternative.title'));
      expect(sentence).toContain(tr.t('routine.mid-lower-back.step.foam-roller.title'));
      expect(sentence.split(/[.!?](\s|$)/).filter((part) => part.trim()).length).toBe(1);
    });
    it('speaks the other way in its own words, and counts the routine without the step left out', () => {
      const spoken = spokenRoutine(back, plan.replaced);
      expect(stepKey(spoken, 2)).toBe('routine.mid-lower-back.step.floor-release.alternative');
      expect(stepKey(back, 2)).toBe('routine.mid-lower-back.step.floor-release');
      expect(spokenRoutine(back, plan.replaced)).toBe(spoken);
      expect(plannedMinutes(spoken, locale, plan.leftOut)).toBeLessThan(plannedMinutes(back, locale));
    });
  },
);
