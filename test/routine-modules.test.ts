import { adjustRange } from '../src/coach/routine-adjust';
import type { RoutineContext } from '../src/coach/routine-context';
import { routineKit } from '../src/coach/routine-kit';
import { loadCatalogue } from '../src/content/load';

/** The pure parts of a routine machine, by concern (routine-kit.ts, routine-adjust.ts). */
const catalogue = loadCatalogue();
const back = catalogue.routines.get('mid-lower-back')!;
const step = (routine: string, id: string) => catalogue.routines.get(routine)!.steps.find((s) => s.id === id)!;

describe('how far "longer" / "shorter" may move a hold', () => {
  it("uses the guide's own range, else the technique's widened to the step's dose; rolls and calm steps keep their time", () => {
    expect(adjustRange(step('shoulders-chest', 'wall-release'))).toEqual({ min: 60, max: 120, default: 60, step: 30 });
    expect(adjustRange(step('glutes-piriformis', 'ball-release'))).toMatchObject({ min: 30, max: 45, step: 15 });
    expect(adjustRange(step('mid-lower-back', 'foam-roller'))).toBeNull();
    expect(adjustRange(step('neck', 'warm-up'))).toBeNull();
    expect(adjustRange(step('calves-hamstrings', 'warm-up'))).toBeNull();
  });
});

describe('the next step kept, the closing question and the resume point', () => {
  const kit = routineKit(back);
  const context = (more: Partial<RoutineContext> = {}): RoutineContext =>
    ({
      routine: back.id,
      step: 0,
      played: null,
      paused: null,
      overrides: {},
      gentle: false,
      gentlePercent: 20,
      stepsCompleted: 0,
      finished: false,
      endReason: null,
      pending: null,
      asked: null,
      brief: false,
      pace: 1,
      ratingBefore: null,
      env: { now: 0, locale: 'en-US', budgetSeconds: 240, emergencyNumber: null },
      ...more,
    }) as RoutineContext;

  it('skips steps a shortened routine or a caution leaves out', () => {
    expect(kit.nextKept(context(), 0)).toBe(1);
    expect(kit.nextKept(context({ skip: [1] }), 0)).toBe(2);
    expect(kit.nextKept(context({ cautionPlan: { replaced: [], leftOut: [1, 2] } }), 0)).toBe(3);
  });

  it("asks for the next kept step in its own words, the caution's other way included", () => {
    const keys = (acts: readonly { type: string; key?: string }[] | null) => (acts ?? []).map((act) => act.key);
    const after = kit.unitsAt(context(), 0).length;
    expect(keys(kit.closingAsk(context(), 0, after))).toContain('routine.mid-lower-back.step.foam-roller.instruction');
    const pregnant = context({ cautionPlan: { replaced: [2], leftOut: [1] } });
    expect(keys(kit.closingAsk(pregnant, 0, after))).toContain(
      'routine.mid-lower-back.step.floor-release.alternative.instruction',
    );
    expect(kit.closingAsk(context(), 3, kit.unitsAt(context(), 3).length)).toBeNull();
  });

  it('saves the place: the unit paused in, with what was left of it and the before-rating', () => {
    const paused = context({ step: 2, paused: { unit: 1, remaining: 25 }, ratingBefore: 6 });
    expect(kit.resumePointOf(paused, 1000)).toEqual({
      routine: back.id,
      step: 2,
      unit: 1,
      side: 'left',
      remainingSeconds: 25,
      ratingBefore: 6,
      savedAt: 1000,
    });
  });
});
