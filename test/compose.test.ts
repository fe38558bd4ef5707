import fc from 'fast-check';
import { composeSession, MAX_STEPS, type ComposeRequest } from '../src/coach/compose';
import { compositionActs } from '../src/coach/compose-talk';
import { isCautioned } from '../src/coach/caution-steps';
import { isGuideSpot, markEntry, tensionEntry, type KnotEntry, type Spot } from '../src/coach/knots';
import { learnableRange } from '../src/coach/learned-dose';
import { plannedSeconds } from '../src/coach/length';
import { unitsOf } from '../src/coach/units';
import { loadCatalogue } from '../src/content/load';
import type { Side } from '../src/content/schema';
import { supportedLocales } from '../src/i18n';
import { compilePlan } from '../src/plan/compile';
import { checkPlan, safeSeconds } from '../src/plan/validate';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import { propertyRuns } from './helpers/property';

const catalogue = loadCatalogue();
const routines = [...catalogue.routines.values()];
const areas = routines.map((routine) => routine.area);
const routineOfArea = (area: string) => routines.find((routine) => routine.area === area)!;
const cautionIds = catalogue.safety.signs.filter((sign) => sign.tier === 'caution').map((sign) => sign.id);
const guideSpots: Spot[] = routines.flatMap((routine) =>
  routine.steps.flatMap((step) =>
    (['right', 'left', null] as const)
      .map((side) => ({ area: routine.area, side, step: step.id }))
      .filter((spot) => isGuideSpot(catalogue, spot)),
  ),
);
const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 8)).toISOString();

/** The guide step a composed plan step comes from. */
function origin(step: { from?: { routine: string; step: string } }) {
  const routine = catalogue.routines.get(step.from!.routine)!;
  return { routine, step: routine.steps.find((candidate) => candidate.id === step.from!.step)! };
}

const answerArb = fc.record({
  area: fc.constantFrom(...areas),
  side: fc.constantFrom<Side | null | undefined>('right', 'left', null, undefined),
  tension: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
});
/** A history of sessions on known spots: marks, tensions, now and then "the usual doses". */
const knotsArb = fc
  .array(
    fc.record({
      spot: fc.constantFrom(...guideSpots),
      session: fc.integer({ min: 0, max: 20 }),
      marked: fc.boolean(),
      before: fc.integer({ min: 0, max: 10 }),
      after: fc.integer({ min: 0, max: 10 }),
      usual: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map((visits) =>
    visits.flatMap((visit, index): KnotEntry[] => {
      const at = { id: `k${index}`, date: day(visit.session), session: `s${visit.session}` };
      if (visit.usual && index % 7 === 0) return [{ ...at, kind: 'usual-doses' }];
      return [
        tensionEntry(visit.spot, visit, at),
        ...(visit.marked ? [markEntry(visit.spot, { ...at, id: `${at.id}m` })] : []),
      ];
    }),
  );
const requestArb: fc.Arbitrary<ComposeRequest> = fc.record({
  answers: fc.array(answerArb, { maxLength: 5 }),
  seconds: fc.integer({ min: 60, max: 30 * 60 }),
  locale: fc.constantFrom('en-US', 'de-DE'),
  knots: knotsArb,
  journal: fc.array(
    fc.record({
      routine: fc.constantFrom(...catalogue.routines.keys()),
      date: fc.integer({ min: 0, max: 20 }).map(day),
      ratingBefore: fc.integer({ min: 0, max: 10 }),
      ratingAfter: fc.integer({ min: 0, max: 10 }),
    }),
    { maxLength: 4 },
  ),
  blocked: fc.subarray([...catalogue.routines.keys()]),
  cautions: fc.subarray(cautionIds, { maxLength: 2 }),
});

describe('a composed session, for any scan answers, time and history', () => {
  it('fits the time (speech included), has at most four guide steps, sides equal, doses in range, nothing blocked or cautioned, warm-ups and finishers kept', () => {
    let composed = 0;
    const runs = propertyRuns(120);
    fc.assert(
      fc.property(requestArb, (request) => {
        const result = composeSession(catalogue, request);
        if (!result.ok) return;
        composed += 1;
        const { plan } = result;
        // Honest length: recomputed from the checked plan, with the sentences about learned holds.
        const check = checkPlan(plan, catalogue, supportedLocales());
        expect(check).toEqual({ ok: true, plan: expect.anything() });
        const compiled = compilePlan(plan, catalogue);
        const said = result.acts.length ? planSpeech(result.acts, request.locale).seconds : 0;
        expect(result.seconds).toBeCloseTo(plannedSeconds(compiled.routine, request.locale) + said, 6);
        expect(result.seconds).toBeLessThanOrEqual(request.seconds!);
        expect(plan.steps.length).toBeLessThanOrEqual(MAX_STEPS);
        const named = new Set(request.answers.filter((a) => a.tension !== 0).map((a) => a.area));
        plan.steps.forEach((planStep, index) => {
          const { routine, step } = origin(planStep as { from: { routine: string; step: string } });
          const played = compiled.routine.steps[index]!;
          // Only the areas named, never one a stop blocked or a step a caution rules out.
          if (request.answers.length) expect(named).toContain(routine.area);
          expect(request.blocked).not.toContain(routine.id);
          expect(isCautioned(routine.id, step, request.cautions ?? [])).toBe(false);
          // Pressure never raised; counts, stretches and fixed doses as the guide gives them.
          expect(played.pressure).toBe(step.pressure);
          const range = learnableRange(catalogue, step);
          if (!range || range.kind === 'pause')
            expect(unitsOf(played).map((unit) => unit.seconds)).toEqual(unitsOf(step).map((unit) => unit.seconds));
          else {
            const held = unitsOf(played)[0]!.seconds;
            expect(held).toBeGreaterThanOrEqual(range.min);
            expect(held).toBeLessThanOrEqual(range.max);
            const safe = safeSeconds(catalogue, step.technique)!;
            expect(held).toBeGreaterThanOrEqual(safe.min);
            expect(held).toBeLessThanOrEqual(safe.max);
          }
          // Both sides, the same time each.
          const holds = unitsOf(played).filter((unit) => unit.kind === 'hold');
          if (step.dose.type === 'hold' && step.dose.sides) {
            expect(new Set(holds.map((unit) => unit.side))).toEqual(new Set(step.dose.sides));
            expect(new Set(holds.map((unit) => unit.seconds)).size).toBe(1);
          }
        });
        // Each area: its warm-up first and its finisher last, where the guide has them.
        for (const area of new Set(plan.steps.map((s) => origin(s as never).routine.area))) {
          const routine = routineOfArea(area);
          const own = plan.steps.map((s) => origin(s as never)).filter((o) => o.routine.area === area);
          const first = routine.steps[0]!;
          const last = routine.steps[routine.steps.length - 1]!;
          if (first.id === 'warm-up') expect(own[0]!.step.id).toBe('warm-up');
          if (last.id === 'finisher') expect(own[own.length - 1]!.step.id).toBe('finisher');
          expect(own.length).toBeGreaterThanOrEqual(2);
        }
      }),
      runs,
    );
    // The property says something only if sessions were composed (about a third of the cases are).
    expect(composed).toBeGreaterThanOrEqual(runs.numRuns! / 6);
  });
});

const neckTrap: Spot = { area: 'neck', side: 'right', step: 'compression' };
/** Three sessions on the right upper trap, marked each time and still tense after. */
const tenderThrice: KnotEntry[] = [0, 1, 2].flatMap((n) => [
  markEntry(neckTrap, { id: `m${n}`, date: day(n), session: `s${n}` }),
  tensionEntry(neckTrap, { before: 6, after: 5 }, { id: `t${n}`, date: day(n), session: `s${n}` }),
]);
const compose = (request: Partial<ComposeRequest>) =>
  composeSession(catalogue, { answers: [], seconds: 600, locale: 'en-US', ...request });
const stepsOf = (result: ReturnType<typeof compose>) => (result.ok ? result.plan.steps.map((step) => step.id) : result);

describe('composing today', () => {
  it('gives the neck its four steps when only the neck is named', () => {
    const result = compose({ answers: [{ area: 'neck' }] });
    expect(stepsOf(result)).toEqual(['neck-warm-up', 'neck-compression', 'neck-stretch-release', 'neck-finisher']);
  });

  it('covers two named areas before it grows one, and says which area waits when four steps are full', () => {
    const both = compose({ answers: [{ area: 'shoulders' }, { area: 'calves', side: 'left' }], seconds: 900 });
    expect(stepsOf(both)).toEqual([
      'shoulders-warm-up',
      'shoulders-wall-release',
      'calves-warm-up',
      'calves-foam-roller',
    ]);
    // The left calf was named: its side comes first, both sides the same time.
    expect(both.ok && both.plan.steps[3]).toMatchObject({ dose: { seconds: 60, sides: ['left', 'right'] } });
    const full = compose({
      answers: [
        { area: 'neck', tension: 6 },
        { area: 'calves', side: 'left', tension: 7 },
      ],
    });
    expect(full).toMatchObject({ ok: true, areas: ['calves'], leftOut: [{ area: 'neck', why: 'too-many-steps' }] });
  });

  it('cuts holds to the shortest the guide allows, then main steps, to fit the time', () => {
    const neck = (seconds: number) => compose({ answers: [{ area: 'neck' }], seconds });
    const compression = { id: 'neck-compression', from: { routine: 'neck', step: 'compression' } };
    const short = { ...compression, dose: { type: 'hold', seconds: 30, sides: ['right', 'left'] } };
    expect(neck(300)).toMatchObject({ ok: true, plan: { steps: [{}, compression, {}, {}] } });
    expect(neck(270)).toMatchObject({ ok: true, plan: { steps: [{}, short, { id: 'neck-stretch-release' }, {}] } });
    expect(stepsOf(neck(200))).toEqual(['neck-warm-up', 'neck-compression', 'neck-finisher']);
    expect((neck(200) as { seconds: number }).seconds).toBeLessThanOrEqual(200);
  });

  it('says how long the shortest session takes when the time is too short', () => {
    expect(compose({ answers: [{ area: 'back' }], seconds: 60 })).toEqual({
      ok: false,
      reason: 'too-short',
      leftOut: [{ area: 'back', why: 'no-time' }],
      shortest: expect.any(Number),
    });
  });

  it('leaves out an area a safety stop blocked, and the steps a caution rules out', () => {
    expect(compose({ answers: [{ area: 'neck' }], blocked: ['neck'] })).toMatchObject({
      ok: false,
      reason: 'all-left-out',
      leftOut: [{ area: 'neck', why: 'blocked' }],
    });
    // Osteoporosis: no roller, no ball on the spine; the back has nothing else.
    expect(compose({ answers: [{ area: 'back' }, { area: 'neck' }], cautions: ['osteoporosis'] })).toMatchObject({
      ok: true,
      areas: ['neck'],
      leftOut: [{ area: 'back', why: 'cautioned' }],
    });
  });

  it('holds a spot that stayed tender three sessions longer, says so, and "the usual doses" undoes it', () => {
    const learned = compose({ answers: [{ area: 'neck' }], knots: tenderThrice });
    expect(learned.ok && learned.plan.steps[1]).toEqual({
      id: 'neck-compression',
      from: { routine: 'neck', step: 'compression' },
      dose: { type: 'hold', seconds: 55, sides: ['right', 'left'] },
    });
    expect(learned.ok && renderText(planSpeech(learned.acts, 'en-US'))).toMatch(/^Your right neck knot stayed tender/);
    const usual = compose({
      answers: [{ area: 'neck' }],
      knots: [...tenderThrice, { id: 'u', date: day(3), session: 's3', kind: 'usual-doses' }],
    });
    expect(usual.ok && usual.plan.steps[1]).toEqual({
      id: 'neck-compression',
      from: { routine: 'neck', step: 'compression' },
    });
    expect(usual.ok && usual.acts).toEqual([]);
  });

  it('shortens a sided hold only where both sides are known and quiet', () => {
    const quiet = (side: 'right' | 'left') =>
      [0, 1].map((n) =>
        tensionEntry(
          { ...neckTrap, side },
          { before: 1, after: 1 },
          { id: `${side}${n}`, date: day(n), session: `s${n}` },
        ),
      );
    const compression = (knots: KnotEntry[]) => {
      const result = compose({ answers: [{ area: 'neck' }], knots });
      return result.ok ? result.steps[1]!.learned : null;
    };
    expect(compression(quiet('right'))).toMatchObject({ seconds: 45, change: null });
    expect(compression([...quiet('right'), ...quiet('left')])).toMatchObject({ seconds: 35, change: 'shorter' });
    // One side tender three times, the other quiet: the tender side decides, and is the one named.
    expect(compression([...quiet('left'), ...tenderThrice])).toMatchObject({ seconds: 55, change: 'longer' });
  });

  it('takes no time said as no limit but four steps, and leaves out an area the guide does not have', () => {
    const untimed = compose({ answers: [{ area: 'knee' }, { area: 'back', tension: 12 }], seconds: undefined });
    expect(untimed).toMatchObject({ ok: true, areas: ['back'], leftOut: [{ area: 'knee', why: 'unknown-area' }] });
    expect(stepsOf(untimed)).toEqual(['back-warm-up', 'back-foam-roller', 'back-floor-release', 'back-finisher']);
    expect(compose({ answers: [{ area: 'back' }], seconds: Number.NaN })).toMatchObject({ ok: true });
    expect(compose({ answers: [{ area: 'back' }], seconds: -5 })).toMatchObject({ ok: false, reason: 'too-short' });
  });

  it('goes back to a spot still tense last time when nothing is named, its side first', () => {
    const calf: Spot = { area: 'calves', side: 'left', step: 'foam-roller' };
    const result = compose({
      knots: [tensionEntry(calf, { before: 6, after: 5 }, { id: 'c', date: day(1), session: 's1' })],
    });
    expect(result).toMatchObject({ ok: true, areas: ['calves'] });
    expect(result.ok && result.plan.steps[1]).toMatchObject({ dose: { sides: ['left', 'right'] } });
    expect(compose({})).toEqual({ ok: false, reason: 'nothing-named', leftOut: [] });
  });
});

describe('announcing today', () => {
  const said = (request: Partial<ComposeRequest>, locale = 'en-US') =>
    renderText(planSpeech(compositionActs(compose({ locale, ...request })), locale));

  it('says the real length and the steps, what it learned, and which area waits', () => {
    expect(said({ answers: [{ area: 'neck' }], knots: tenderThrice })).toMatch(
      /^About 5 minutes: .+, .+, .+ and .+\. Your right neck knot stayed tender three sessions running, .+: 55 seconds\.$/,
    );
    expect(
      said({
        answers: [
          { area: 'neck', tension: 6 },
          { area: 'calves', tension: 7 },
        ],
      }),
    ).toMatch(/We'll do your neck next time\.$/);
    expect(
      said(
        {
          answers: [
            { area: 'neck', tension: 6 },
            { area: 'calves', tension: 7 },
          ],
        },
        'de-DE',
      ),
    ).toMatch(/Den Nacken nehmen wir uns nächstes Mal vor\.$/);
  });

  it('says why an area is left out for a caution, and how long the shortest session takes', () => {
    expect(said({ answers: [{ area: 'back' }, { area: 'neck' }], cautions: ['osteoporosis'] })).toMatch(
      /With what you told me, I'll leave out your back today\.$/,
    );
    expect(said({ answers: [{ area: 'back' }], seconds: 60 })).toBe(
      "That's a little short: the shortest session for that takes about 3 minutes.",
    );
  });
});
