import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../src/content/load';
import { resourcesOf } from '../src/i18n';
import { compilePlan } from '../src/plan/compile';
import { PLAN_SCHEMA_FILE, checkPlanFile, checkPlanText, planSchemaText } from '../src/plan/files';
import type { PlanCheck, PlanProblem } from '../src/plan/validate';

const ROOT = join(__dirname, '..');
const EXAMPLE = join(ROOT, 'docs', 'examples', 'plan-desk-neck.json');
const example = (): Record<string, any> => JSON.parse(readFileSync(EXAMPLE, 'utf8'));
const problemsOf = (result: PlanCheck): PlanProblem[] => (result.ok ? [] : result.problems);
const check = (plan: unknown) => problemsOf(checkPlanText(JSON.stringify(plan)));

describe('a plan file', () => {
  it('the example plan and the guide written as plans are valid', () => {
    expect(problemsOf(checkPlanFile(EXAMPLE))).toEqual([]);
    for (const file of readdirSync(join(ROOT, 'content', 'plans')))
      expect([file, problemsOf(checkPlanFile(join(ROOT, 'content', 'plans', file)))]).toEqual([file, []]);
  });

  it('the published JSON Schema is the one generated from the zod schema (npm run plan -- schema)', () => {
    expect(readFileSync(PLAN_SCHEMA_FILE, 'utf8')).toBe(planSchemaText());
  });

  // Each broken plan names the field and says what is wrong, in words an author can act on.
  const cases: Array<[string, (plan: Record<string, any>) => void, string, RegExp]> = [
    ['not JSON', () => undefined, '(file)', /not valid JSON/],
    ['another format', (p) => (p.format = 'massage-coach-plan/9'), 'format', /massage-coach-plan\/1/],
    ['an id with capitals', (p) => (p.id = 'Desk Neck'), 'id', /lower-case words joined by hyphens/],
    ['no author', (p) => delete p.author, 'author', /.+/],
    ['an empty author name', (p) => (p.author.name = ''), 'author.name', /.+/],
    ['no languages', (p) => (p.languages = []), 'languages', /.+/],
    ['a language the coach lacks', (p) => p.languages.push('fr-FR'), 'languages', /does not speak fr-FR/],
    ['a title missing a language', (p) => delete p.title['de-DE'], 'title.de-DE', /missing: the plan speaks de-DE/],
    ['eight days a week', (p) => (p.daysPerWeek = 8), 'daysPerWeek', /.+/],
    ['an unknown caution', (p) => (p.cautions = ['headstand']), 'cautions[0]', /no caution "headstand".*pregnancy/],
    ['no steps', (p) => (p.steps = []), 'steps', /.+/],
    ['an unknown field', (p) => (p.colour = 'blue'), '(plan)', /colour/],
    [
      'an unknown guide routine',
      (p) => (p.steps[0].from.routine = 'feet'),
      'steps[0] (feet/warm-up).from',
      /no routine "feet".*neck/,
    ],
    [
      'an unknown guide step',
      (p) => (p.steps[0].from.step = 'massage'),
      'steps[0] (neck/massage).from',
      /no step "massage" in neck: one of warm-up, compression/,
    ],
    [
      'a guide step held too long',
      (p) => (p.steps[1].dose.seconds = 90),
      'steps[1] (neck/compression).dose.seconds',
      /90 s is outside the safe range for trigger-point-compression: 30–60 s/,
    ],
    [
      'a guide step with another kind of dose',
      (p) => (p.steps[1].dose = { type: 'count', count: 5, paceSeconds: 3 }),
      'steps[1] (neck/compression).dose.type',
      /the guide's step is a hold dose/,
    ],
    [
      'a new step held too long',
      (p) => (p.steps[2].dose.seconds = 300),
      'steps[2] (doorway-stretch).dose.seconds',
      /300 s is outside the safe range/,
    ],
    [
      'a new step missing a language',
      (p) => delete p.steps[2].text['de-DE'],
      'steps[2] (doorway-stretch).text.de-DE',
      /missing: the plan speaks de-DE/,
    ],
    [
      'a two-sided step that never says how to switch',
      (p) => delete p.steps[2].text['en-US'].switch,
      'steps[2] (doorway-stretch).text.en-US.switch',
      /how to switch/,
    ],
    [
      'a new step with an unknown technique',
      (p) => (p.steps[2].technique = 'cupping'),
      'steps[2] (doorway-stretch).technique',
      /no technique "cupping"/,
    ],
    [
      'a new step in an unknown area',
      (p) => (p.steps[2].area = 'elbow'),
      'steps[2] (doorway-stretch).area',
      /no area "elbow": one of/,
    ],
    [
      'a new step with a one-word instruction',
      (p) => (p.steps[2].text['en-US'].instruction = 'Stretch.'),
      'steps[2] (doorway-stretch).text.en-US.instruction',
      /.+/,
    ],
    [
      'a new step with a side that does not exist',
      (p) => (p.steps[2].dose.sides = ['middle']),
      'steps[2] (doorway-stretch).dose.sides.0',
      /.+/,
    ],
    [
      'two steps with one id',
      (p) => p.steps.push({ from: { routine: 'neck', step: 'warm-up' } }),
      'steps[4] (neck/warm-up)',
      /the same step id "warm-up" as steps\[0\]/,
    ],
  ];
  it.each(cases)('refuses %s, naming the field', (_name, breakIt, path, message) => {
    const plan = example();
    breakIt(plan);
    const problems = _name === 'not JSON' ? problemsOf(checkPlanText('{ "format": ')) : check(plan);
    expect(problems).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
  });

  it('refuses a step near a risky spot without its safe wording, and takes it with', () => {
    const plan = example();
    plan.steps[2] = {
      id: 'calf-roll',
      technique: 'foam-roller-release',
      area: 'calves',
      equipment: ['foamRoller'],
      dose: { type: 'hold', seconds: 60 },
      text: {
        'en-US': { title: 'calf roll', instruction: 'Roll your right calf slowly from the ankle upward.' },
        'de-DE': { title: 'Wade rollen', instruction: 'Roll die rechte Wade langsam vom Knöchel aufwärts.' },
      },
    };
    expect(check(plan)).toEqual([
      {
        path: 'steps[2] (calf-roll).safety',
        message: expect.stringMatching(/risky spot \(calf-knee-crease\): add "calf-knee-crease"/),
      },
    ]);
    plan.steps[2].safety = ['calf-knee-crease'];
    expect(check(plan)).toEqual([]);
  });
});

describe('a plan compiled for the coach', () => {
  it('the guide written as plans compiles to exactly the guide’s routines and words', () => {
    const guide = catalogue();
    for (const file of readdirSync(join(ROOT, 'content', 'plans'))) {
      const result = checkPlanFile(join(ROOT, 'content', 'plans', file));
      if (!result.ok) throw new Error(file);
      const { routine, strings } = compilePlan(result.plan, guide);
      const original = guide.routines.get(routine.id)!;
      expect(routine.steps).toEqual(original.steps);
      expect(routine.area).toBe(original.area);
      expect(routine.equipment).toEqual(original.equipment);
      for (const locale of ['en-US', 'de-DE']) {
        const words = (resourcesOf(locale) as any).routine[routine.id];
        expect(strings[locale]!.step).toEqual(words.step);
        expect(strings[locale]!.name).toBe(words.name);
      }
    }
  });

  it('a physiotherapist’s plan keeps the guide’s words, takes the new dose and speaks the new step', () => {
    const result = checkPlanFile(EXAMPLE);
    if (!result.ok) throw new Error('example');
    const { routine, strings } = compilePlan(result.plan, catalogue());
    expect(routine.steps.map((step) => step.id)).toEqual(['warm-up', 'compression', 'doorway-stretch', 'finisher']);
    expect(routine.steps[1]!.dose).toEqual({ type: 'hold', seconds: 40, sides: ['right', 'left'] });
    expect(routine.steps[1]!.technique).toBe('trigger-point-compression');
    expect(strings['de-DE']!.step).toMatchObject({
      'doorway-stretch': { title: 'Dehnung im Türrahmen', switch: expect.stringMatching(/Seitenwechsel/) },
    });
    expect(strings['en-US']!.goodFor).toBe('neck and chest for desk days: a plan by Anna Weber.');
    // The stated length counts both sides, holds and set-up: 30 + 2×(40+10) + 2×(30+10) + 15 = 225 s.
    expect(routine.minutes).toEqual({ min: 3, max: 4 });
  });
});
