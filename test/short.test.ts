import { catalogue } from '../src/content/load';
import { plannedSeconds } from '../src/coach/length';
import { shortPlan } from '../src/coach/short';
import { unitsOf } from '../src/coach/units';

/** "I only have two minutes": the guide's low ends, fixed doses kept, steps left out only to fit. */
const routine = (id: string) => catalogue().routines.get(id)!;

describe('a routine fitted into the minutes the user has', () => {
  it.each(['en-US', 'de-DE'])(
    '%s: every routine in two minutes uses the low end of the technique ranges and never changes a fixed dose',
    (locale) => {
      for (const r of catalogue().routines.values()) {
        const plan = shortPlan(r, locale, 0, 2, { started: false });
        r.steps.forEach((step, index) => {
          if (plan.skip.includes(index)) return;
          const units = unitsOf(step, plan.overrides[step.id]);
          const guide = unitsOf(step);
          if (
            step.technique === 'tennis-ball-release' &&
            step.dose.type === 'hold' &&
            typeof step.dose.seconds === 'number'
          )
            expect(units[0]!.seconds).toBe(30);
          if (step.technique === 'trigger-point-compression' && step.dose.type === 'hold')
            expect(units[0]!.seconds).toBe(30);
          // Sides, repetitions, counts and rolls are the guide's.
          expect(units.length).toBe(guide.length);
          if (step.technique === 'foam-roller-release' || step.dose.type !== 'hold' || !step.pressure)
            expect(units).toEqual(guide);
        });
        // At least one pressure step stays; the length said is the plan's.
        expect(r.steps.some((step, index) => step.pressure && !plan.skip.includes(index))).toBe(true);
        expect(plan.seconds).toBe(plannedSeconds(r, locale, plan.overrides, { skip: plan.skip }));
        expect(plan.seconds).toBeLessThan(plannedSeconds(r, locale));
      }
    },
  );

  it("the wall release keeps its own range low end (60 s), not the ball technique's 30 s", () => {
    const plan = shortPlan(routine('shoulders-chest'), 'en-US', 1, 3, { started: true });
    expect(plan.overrides['wall-release']).toBe(60);
  });

  it('nothing is shortened or left out when the routine already fits', () => {
    const r = routine('neck');
    const plan = shortPlan(r, 'en-US', 0, 20, { started: false });
    expect(plan).toEqual({ overrides: {}, skip: [], seconds: plannedSeconds(r, 'en-US') });
  });

  it('steps are left out only as far as needed: more minutes keep more steps', () => {
    const r = routine('glutes-piriformis');
    const two = shortPlan(r, 'en-US', 0, 2, { started: false });
    const four = shortPlan(r, 'en-US', 0, 4, { started: false });
    expect(four.skip.length).toBeLessThan(two.skip.length);
    expect(four.seconds).toBeLessThanOrEqual(240);
  });
});
