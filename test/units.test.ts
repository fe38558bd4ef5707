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

  it('keeps a chosen hold inside the guide range; a fixed hold takes the choice the machine checked against its technique', () => {
    const ranged = [...routines.values()]
      .flatMap((routine) => routine.steps)
      .find((candidate) => candidate.dose.type === 'hold' && typeof candidate.dose.seconds === 'object')!;
    const range = ranged.dose.type === 'hold' && typeof ranged.dose.seconds === 'object' ? ranged.dose.seconds : null;
    expect(holdSecondsOf(ranged, range!.max + 100)).toBe(range!.max);
    expect(holdSecondsOf(ranged, 0)).toBe(range!.min);
    expect(holdSecondsOf(ranged)).toBe(range!.default);
    expect(holdSecondsOf(step('compression'))).toBe(45);
    expect(holdSecondsOf(step('compression'), 30)).toBe(30);
  });
});

describe('unitActs: one instruction, the timed part, then release', () => {
  const [right, left] = unitsOf(step('compression'));
  const index = neck.steps.indexOf(step('compression'));

  it('opens a step with its title and instruction, time to get set, then the hold and a slow release', () => {
    expect(keys(unitActs(neck, index, right!, { opening: true, gentle: false, gentlePercent: 50 }))).toEqual([
      'coach.step.title',
      'routine.neck.step.compression.instruction',
      'coach.setUp.window',
      'pause',
      'coach.step.timed',
      'hold',
      'routine.neck.step.compression.release',
    ]);
  });

  it('starts the clock at once when the set-up closed the turn before and the user said ready', () => {
    expect(
      keys(unitActs(neck, index, right!, { opening: true, instructed: true, gentle: false, gentlePercent: 50 })),
    ).toEqual(['coach.step.timed', 'hold', 'routine.neck.step.compression.release']);
  });

  it('switches sides with the step own switch line and a set-up window, and reminds to start gently before the clock', () => {
    expect(keys(unitActs(neck, index, left!, { opening: false, gentle: true, gentlePercent: 50 }))).toEqual([
      'routine.neck.step.compression.switch',
      'coach.setUp.window',
      'pause',
      'coach.routine.gentle',
      'coach.step.timed',
      'hold',
      'routine.neck.step.compression.release',
    ]);
  });

  it('picks a paused hold up with what was left of it, and no new timing line', () => {
    const acts = unitActs(neck, index, left!, { opening: false, gentle: false, gentlePercent: 50, remaining: 12 });
    expect(keys(acts)).toEqual(['coach.pause.continueHold_side', 'hold', 'routine.neck.step.compression.release']);
    expect(acts).toContainEqual(expect.objectContaining({ type: 'hold', seconds: 12, unit: 1 }));
  });

  it('sets up again before the rest of a hold picked up after a pause or a new session', () => {
    const acts = unitActs(neck, index, left!, {
      opening: false,
      gentle: true,
      gentlePercent: 20,
      remaining: 12,
      reposition: true,
    });
    expect(keys(acts)).toEqual([
      'coach.pause.resumeHold_side',
      'routine.neck.step.compression.switch',
      'coach.setUp.window',
      'pause',
      'coach.routine.gentle',
      'coach.step.timed',
      'hold',
      'routine.neck.step.compression.release',
    ]);
  });

  it('closes a turn with the next side set-up and "say ready"; a repetition or set is just asked', () => {
    expect(askForUnit(neck, index, left!)).toEqual([
      { type: 'say', key: 'routine.neck.step.compression.switch' },
      { type: 'say', key: 'coach.ask.ready' },
    ]);
    expect(askForUnit(neck, index + 1, unitsOf(step('stretch-release'))[1]!)).toEqual([
      expect.objectContaining({ key: 'coach.ask.repetition' }),
    ]);
  });
});
