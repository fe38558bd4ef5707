import { loadCatalogue } from '../src/content/load';
import { askForUnit, holdSecondsOf, unitActs, unitsOf } from '../src/coach/units';

const { routines } = loadCatalogue();
const neck = routines.get('neck')!;
const step = (id: string) => neck.steps.find((candidate) => candidate.id === id)!;
const keys = (acts: ReturnType<typeof unitActs>) => acts.map((act) => (act.type === 'say' ? act.key : act.type));

describe('unitsOf: a step dosed as the guide says', () => {
  it('holds each side in the guide order', () => {
    expect(unitsOf(step('compression')).map((unit) => [unit.kind, unit.side, unit.seconds])).toEqual([
      ['hold', 'right', 45],
      ['hold', 'left', 45],
    ]);
  });

  it('repeats a hold, numbering the repetitions', () => {
    expect(unitsOf(step('stretch-release')).map((unit) => [unit.repetition, unit.seconds])).toEqual([
      [1, 15],
      [2, 15],
    ]);
  });

  it('guides an untimed step at its pace', () => {
    expect(unitsOf(step('finisher'))).toEqual([{ index: 0, kind: 'guided', seconds: 15 }]);
  });

  it('keeps a chosen hold inside the guide range, and ignores a choice for a fixed hold', () => {
    const ranged = [...routines.values()].flatMap((routine) => routine.steps).find((candidate) => candidate.dose.type === 'hold' && typeof candidate.dose.seconds === 'object')!;
    const range = ranged.dose.type === 'hold' && typeof ranged.dose.seconds === 'object' ? ranged.dose.seconds : null;
    expect(holdSecondsOf(ranged, range!.max + 100)).toBe(range!.max);
    expect(holdSecondsOf(ranged, 0)).toBe(range!.min);
    expect(holdSecondsOf(ranged)).toBe(range!.default);
    expect(holdSecondsOf(step('compression'), 5)).toBe(45);
  });
});

describe('unitActs: one instruction, the timed part, then release', () => {
  const [right, left] = unitsOf(step('compression'));
  const index = neck.steps.indexOf(step('compression'));

  it('opens a step with its title and instruction, then the hold', () => {
    expect(keys(unitActs(neck, index, right!, { opening: true, gentle: false, gentlePercent: 50 }))).toEqual([
      'coach.step.title',
      'routine.neck.step.compression.instruction',
      'coach.step.timed',
      'hold',
      'coach.cue.release',
    ]);
  });

  it('switches sides with the step own switch line, and reminds to start gently on the first hold', () => {
    expect(keys(unitActs(neck, index, left!, { opening: false, gentle: true, gentlePercent: 50 }))).toEqual([
      'routine.neck.step.compression.switch',
      'coach.routine.gentle',
      'coach.step.timed',
      'hold',
      'coach.cue.release',
    ]);
  });

  it('picks a paused hold up with what was left of it, and no new timing line', () => {
    const acts = unitActs(neck, index, left!, { opening: false, gentle: false, gentlePercent: 50, remaining: 12 });
    expect(keys(acts)).toEqual(['coach.pause.resumeHold_side', 'hold', 'coach.cue.release']);
    expect(acts).toContainEqual({ type: 'hold', seconds: 12, unit: 1 });
  });

  it('asks before the next side, repetition or set', () => {
    expect(askForUnit(left!)).toEqual({ type: 'say', key: 'coach.ask.side', params: { side: { t: 'side.left' } } });
    expect(askForUnit(unitsOf(step('stretch-release'))[1]!)).toMatchObject({ key: 'coach.ask.repetition' });
  });
});
