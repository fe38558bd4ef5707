import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../src/content/load';
import { resourcesOf, supportedLocales, translator } from '../src/i18n';

const catalogue = loadCatalogue();

/** Every leaf key of a resource tree; plural forms count under their base key. */
function keys(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) =>
    keys(value, prefix ? `${prefix}.${key}` : key),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('languages', () => {
  it('has en-US and de-DE', () => {
    expect(supportedLocales()).toEqual(expect.arrayContaining(['en-US', 'de-DE']));
  });

  it('has exactly the same keys in every locale', () => {
    const reference = keys(resourcesOf('en-US')).sort();
    for (const locale of supportedLocales())
      expect({ locale, keys: keys(resourcesOf(locale)).sort() }).toEqual({ locale, keys: reference });
  });

  it('has words for every routine, step, side switch, technique and red flag in the content', () => {
    for (const locale of supportedLocales()) {
      const tr = translator(locale);
      const missing: string[] = [];
      const need = (key: string) => tr.has(key) || missing.push(`${locale}: ${key}`);
      for (const routine of catalogue.routines.values()) {
        need(`routine.${routine.id}.name`);
        if (tr.list(`routine.${routine.id}.synonyms`).length < 3)
          missing.push(`${locale}: routine.${routine.id}.synonyms (at least 3)`);
        for (const step of routine.steps) {
          need(`routine.${routine.id}.step.${step.id}.title`);
          need(`routine.${routine.id}.step.${step.id}.instruction`);
          if (step.dose.type !== 'guided' && step.dose.sides) need(`routine.${routine.id}.step.${step.id}.switch`);
          // A caution's other way has words of its own, a switch line too when the step has sides.
          if (step.alternative) {
            const words = `routine.${routine.id}.step.${step.id}.alternative`;
            need(`${words}.title`);
            need(`${words}.instruction`);
            if (step.dose.type !== 'guided' && step.dose.sides) need(`${words}.switch`);
          }
          if (step.dose.type === 'count') for (const set of step.dose.sets ?? []) need(`set.${set}`);
        }
        for (const item of routine.equipment) need(`equipment.${item}`);
      }
      for (const technique of catalogue.techniques.keys())
        for (const part of ['name', 'what', 'how', 'bestFor', 'example']) need(`technique.${technique}.${part}`);
      for (const flag of catalogue.guide.redFlags) {
        need(`symptom.${flag.id}.name`);
        if (tr.list(`symptom.${flag.id}.synonyms`).length < 3)
          missing.push(`${locale}: symptom.${flag.id}.synonyms (at least 3)`);
      }
      expect(missing).toEqual([]);
    }
  });

  it('finds every key the code names in every locale', () => {
    const named = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '..', 'src'))) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/say\('([a-zA-Z0-9_.-]+)'/g)) named.add(match[1]!);
      for (const match of code.matchAll(/'(coach\.[a-zA-Z0-9_.-]+)'/g)) named.add(match[1]!);
    }
    expect(named.size).toBeGreaterThan(50);
    for (const locale of supportedLocales()) {
      const tr = translator(locale);
      expect({ locale, missing: [...named].filter((key) => !tr.has(key)) }).toEqual({ locale, missing: [] });
    }
  });

  it('has no speech text written as a literal in the dialogue code', () => {
    // Acts carry keys only; a sentence in quotes inside src/coach would be speech that skips i18next.
    for (const file of sourceFiles(join(__dirname, '..', 'src', 'coach'))) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const sentences = [...code.matchAll(/'([A-Z][a-z]+(?: [a-z']+){2,}[.?!]?)'/g)].map((m) => m[1]);
      expect({ file, sentences }).toEqual({ file, sentences: [] });
    }
  });
});
