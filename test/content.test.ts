import { mkdtempSync, mkdirSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTENT_DIR,
  ContentError,
  contentVersion,
  loadCatalogue,
  PREBUILT_NAME,
  readPrebuiltCatalogue,
  writePrebuiltCatalogue,
} from '../src/content/load';
import { existsSync } from 'node:fs';
import { unitsOf } from '../src/coach/units';

const catalogue = loadCatalogue();
const guide = readFileSync(join(CONTENT_DIR, 'source', 'guide.txt'), 'utf8');

describe('content as data', () => {
  it('holds the five routines of the guide under their ids, A to E', () => {
    expect([...catalogue.routines.values()].map((r) => [r.letter, r.id]).sort()).toEqual([
      ['A', 'neck'],
      ['B', 'shoulders-chest'],
      ['C', 'mid-lower-back'],
      ['D', 'glutes-piriformis'],
      ['E', 'calves-hamstrings'],
    ]);
  });

  it('keeps every step line exactly as the guide writes it, in the guide order', () => {
    for (const routine of catalogue.routines.values()) {
      const all = guide.split('\n');
      const heading = all.findIndex((line) => line.startsWith(`${routine.letter}. `));
      const lines: string[] = [];
      for (const line of all.slice(heading + 1)) {
        if (!line.startsWith('- ')) break;
        lines.push(line.slice(2));
      }
      expect(lines.length).toBeGreaterThanOrEqual(4);
      expect(routine.steps.map((step) => step.guide)).toEqual(lines);
    }
  });

  it('turns the numbers of each guide line into the dose: durations, sides, repetitions, counts', () => {
    const seconds = (text: string) => {
      const found = [...text.matchAll(/(\d+)(?:–(\d+))? (second|minute)/g)][0];
      if (!found) return null;
      const unit = found[3] === 'minute' ? 60 : 1;
      return { min: Number(found[1]) * unit, max: Number(found[2] ?? found[1]) * unit };
    };
    for (const routine of catalogue.routines.values()) {
      for (const step of routine.steps) {
        const wanted = seconds(step.guide);
        const units = unitsOf(step);
        if (step.dose.type === 'hold') {
          const dose = step.dose.seconds;
          const range = typeof dose === 'number' ? { min: dose, max: dose } : { min: dose.min, max: dose.max };
          expect({ step: step.id, ...range }).toEqual({ step: step.id, ...wanted });
          const sided = /each side|per side|switch sides|each\.?$|1 minute each/.test(step.guide);
          // A step the guide (or its words) puts on one side gets the other side from the coach, said as an addition.
          const added = step.guideSides !== undefined;
          expect({ step: step.id, sides: units.some((u) => u.side) }).toEqual({ step: step.id, sides: sided || added });
          const twice = /repeat twice/.test(step.guide);
          expect(units.length).toBe((sided || added ? 2 : 1) * (twice ? 2 : 1));
        } else if (step.dose.type === 'count') {
          expect(wanted).toBeNull();
          const counts = [...step.guide.matchAll(/(\d+) (?:forward|back|reps|slow)/g)].map((m) => Number(m[1]));
          expect(counts.length).toBeGreaterThan(0);
          for (const unit of units) expect(counts).toContain(unit.count);
          const perDirection = /each direction|forward, \d+ back/.test(step.guide);
          expect(units.length).toBe((perDirection ? 2 : 1) * (step.guideSides ? 2 : 1));
        } else {
          expect(wanted).toBeNull();
        }
      }
    }
  });

  it('keeps ranges with both bounds and a movable default ("1–2 minutes per side")', () => {
    const wall = catalogue.routines.get('shoulders-chest')!.steps.find((s) => s.id === 'wall-release')!;
    expect(wall.dose).toMatchObject({
      type: 'hold',
      seconds: { min: 60, max: 120, default: 60 },
      sides: ['right', 'left'],
    });
    expect(unitsOf(wall, 90).map((u) => u.seconds)).toEqual([90, 90]);
    expect(unitsOf(wall, 500).map((u) => u.seconds)).toEqual([120, 120]);
  });

  it('names the four techniques with their holds from the guide', () => {
    expect(catalogue.techniques.get('trigger-point-compression')!.hold).toEqual({ min: 30, max: 60 });
    expect(catalogue.techniques.get('tennis-ball-release')!.hold).toEqual({ min: 30, max: 45 });
    expect(catalogue.techniques.get('foam-roller-release')!.hold).toEqual({ min: 20, max: 30 });
    expect(catalogue.techniques.get('active-stretch-release')!.repetitions).toEqual({ min: 3, max: 5 });
  });

  it('lists the red flags and the 20% start of the guide', () => {
    expect(catalogue.guide.redFlags.map((f) => f.id)).toEqual([
      'persistent-pain',
      'numbness',
      'tingling',
      'weakness',
      'heat',
      'swelling',
      'injury',
    ]);
    expect(catalogue.guide.startGentlyPercent).toBe(20);
  });

  describe('a bad content file fails with its path and field', () => {
    const broken = (mutate: (dir: string) => void) => {
      const dir = mkdtempSync(join(tmpdir(), 'content-'));
      cpSync(CONTENT_DIR, dir, { recursive: true });
      mutate(dir);
      return () => loadCatalogue(dir);
    };
    it('names the field of a wrong type', () => {
      const load = broken((dir) => {
        const file = join(dir, 'routines', 'neck.json');
        const routine = JSON.parse(readFileSync(file, 'utf8'));
        routine.steps[1].dose.seconds = 'forty-five';
        writeFileSync(file, JSON.stringify(routine));
      });
      expect(load).toThrow(ContentError);
      expect(load).toThrow(/routines\/neck\.json: steps\.1\.dose\.seconds/);
    });
    it('names a file that is not JSON', () => {
      const load = broken((dir) => writeFileSync(join(dir, 'techniques', 'foam-roller-release.json'), '{ nope'));
      expect(load).toThrow(/techniques\/foam-roller-release\.json: is not valid JSON/);
    });
    it('names an unknown technique', () => {
      const load = broken((dir) => {
        mkdirSync(join(dir, 'routines'), { recursive: true });
        const file = join(dir, 'routines', 'neck.json');
        const routine = JSON.parse(readFileSync(file, 'utf8'));
        routine.steps[1].technique = 'cupping';
        writeFileSync(file, JSON.stringify(routine));
      });
      expect(load).toThrow(/steps\.1\.technique: unknown technique "cupping"/);
    });
  });
});

describe('the catalogue the build validates once (dist/content/catalogue.built.json)', () => {
  const copy = () => {
    const root = join(mkdtempSync(join(tmpdir(), 'mc-prebuilt-')), 'content');
    cpSync(CONTENT_DIR, root, { recursive: true });
    return root;
  };

  it('is never in the repository, so tests and development always run the schemas', () => {
    expect(existsSync(join(CONTENT_DIR, PREBUILT_NAME))).toBe(false);
    expect(readPrebuiltCatalogue()).toBeUndefined();
  });

  it('reads back exactly what validating the files gives, with the same version', () => {
    const root = copy();
    writePrebuiltCatalogue(root);
    expect(contentVersion(root)).toBe(catalogue.version);
    expect(readPrebuiltCatalogue(root)).toEqual(loadCatalogue(root));
  });

  it('is ignored once a content file beside it changes, and the changed file is validated again', () => {
    const root = copy();
    writePrebuiltCatalogue(root);
    const file = join(root, 'routines', 'neck.json');
    const routine = JSON.parse(readFileSync(file, 'utf8')) as { steps: Array<{ technique: string | null }> };
    routine.steps[0]!.technique = 'no-such-technique';
    writeFileSync(file, JSON.stringify(routine));
    expect(readPrebuiltCatalogue(root)).toBeUndefined();
    expect(() => loadCatalogue(root)).toThrow(ContentError);
  });

  it('refuses content the schemas refuse at build time', () => {
    const root = copy();
    writeFileSync(join(root, 'guide.json'), '{}');
    expect(() => writePrebuiltCatalogue(root)).toThrow(ContentError);
    expect(existsSync(join(root, PREBUILT_NAME))).toBe(false);
  });
});
