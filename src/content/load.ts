import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import {
  emergencyNumbersSchema,
  guideSchema,
  riskySpotsSchema,
  routineSchema,
  safetySourcesSchema,
  cautionsSchema,
  signsSchema,
  techniqueSchema,
  type Guide,
  type Routine,
  type Safety,
  type Technique,
} from './schema';
import { issueLines } from '../zod-issues';

/** Raised when a content file is missing, not JSON, or breaks the schema: names the file and the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ContentError';
  }
}

export interface Catalogue {
  routines: ReadonlyMap<string, Routine>;
  techniques: ReadonlyMap<string, Technique>;
  guide: Guide;
  /** Warning signs in tiers, their sources, emergency numbers per locale, risky spots. */
  safety: Safety;
  /** Hash of every content file: a snapshot made against other content is stale. */
  version: string;
}

export const CONTENT_DIR = join(__dirname, '..', '..', 'content');

function parseFile<T>(path: string, schema: z.ZodType<T>, root: string, hash: ReturnType<typeof createHash>): T {
  const shown = relative(join(root, '..'), path);
  let raw: string;
  let json: unknown;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ContentError(shown, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ContentError(shown, [`is not valid JSON: ${(error as Error).message}`]);
  }
  hash.update(shown).update(raw);
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ContentError(shown, issueLines(result.error, '(file)'));
  }
  return result.data;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

/** Reads and validates content/: every routine refers to known techniques, ids match file names. */
export function loadCatalogue(root: string = CONTENT_DIR): Catalogue {
  const hash = createHash('sha256');
  const techniques = new Map<string, Technique>();
  for (const file of jsonFiles(join(root, 'techniques'))) {
    const technique = parseFile(file, techniqueSchema, root, hash);
    expectIdMatchesFile(file, technique.id, root);
    techniques.set(technique.id, technique);
  }
  const routines = new Map<string, Routine>();
  for (const file of jsonFiles(join(root, 'routines'))) {
    const routine = parseFile(file, routineSchema, root, hash);
    expectIdMatchesFile(file, routine.id, root);
    routine.steps.forEach((step, index) => {
      for (const [path, technique] of [
        ['technique', step.technique],
        ['alternative.technique', step.alternative?.technique ?? null],
      ] as const) {
        if (technique !== null && !techniques.has(technique)) {
          throw new ContentError(relative(join(root, '..'), file), [
            `steps.${index}.${path}: unknown technique "${technique}"`,
          ]);
        }
      }
    });
    routines.set(routine.id, routine);
  }
  const guide = parseFile(join(root, 'guide.json'), guideSchema, root, hash);
  const safety = loadSafety(root, hash, routines);
  return { routines, techniques, guide, safety, version: hash.digest('hex').slice(0, 12) };
}

/** content/safety/: every sign, number and spot names known sources; areas and spots name real routines and steps. */
function loadSafety(root: string, hash: ReturnType<typeof createHash>, routines: ReadonlyMap<string, Routine>): Safety {
  const dir = join(root, 'safety');
  const shown = (name: string) => relative(join(root, '..'), join(dir, name));
  const { sources } = parseFile(join(dir, 'sources.json'), safetySourcesSchema, root, hash);
  const { signs } = parseFile(join(dir, 'signs.json'), signsSchema, root, hash);
  const emergencyNumbers = parseFile(join(dir, 'emergency-numbers.json'), emergencyNumbersSchema, root, hash);
  const { spots } = parseFile(join(dir, 'risky-spots.json'), riskySpotsSchema, root, hash);
  const problems = (file: string, list: string[]) => {
    if (list.length) throw new ContentError(shown(file), list);
  };
  const unknownSources = (path: string, ids: string[]) =>
    ids.filter((source) => !sources[source]).map((source) => `${path}: unknown source "${source}"`);
  const seen = new Set<string>();
  problems(
    'signs.json',
    signs.flatMap((sign, index) => [
      ...(seen.has(sign.id) ? [`signs.${index}.id: "${sign.id}" appears twice`] : (seen.add(sign.id), [])),
      ...unknownSources(`signs.${index}.sources`, sign.sources),
      ...sign.areas
        .filter((area) => area !== 'any' && !routines.has(area))
        .map((area) => `signs.${index}.areas: unknown routine "${area}"`),
    ]),
  );
  problems('emergency-numbers.json', [
    ...Object.entries(emergencyNumbers.byLocale).flatMap(([locale, entry]) =>
      unknownSources(`byLocale.${locale}.source`, [entry.source]),
    ),
    ...Object.entries(emergencyNumbers.byLanguage)
      .filter(([, locale]) => !emergencyNumbers.byLocale[locale])
      .map(([language, locale]) => `byLanguage.${language}: "${locale}" has no number`),
  ]);
  problems(
    'risky-spots.json',
    spots.flatMap((spot, index) => {
      const routine = routines.get(spot.routine);
      if (!routine) return [`spots.${index}.routine: unknown routine "${spot.routine}"`];
      return [
        ...unknownSources(`spots.${index}.sources`, spot.sources),
        ...spot.steps
          .filter((step) => !routine.steps.some((known) => known.id === step))
          .map((step) => `spots.${index}.steps: "${step}" is not a step of ${routine.id}`),
      ];
    }),
  );
  const { cautions } = parseFile(join(dir, 'cautions.json'), cautionsSchema, root, hash);
  problems(
    'cautions.json',
    cautions.flatMap((caution, index) => [
      ...(signs.some((sign) => sign.id === caution.sign && sign.tier === 'caution')
        ? []
        : [`cautions.${index}.sign: "${caution.sign}" is not a caution-tier sign`]),
      ...unknownSources(`cautions.${index}.sources`, caution.sources),
    ]),
  );
  return { sources, signs, emergencyNumbers, spots, cautions };
}

function expectIdMatchesFile(file: string, id: string, root: string): void {
  const expected = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (id !== expected)
    throw new ContentError(relative(join(root, '..'), file), [`id: "${id}" must match the file name "${expected}"`]);
}

/**
 * The build validates the content once and writes the result here, inside its copy of content/
 * (dist/content/catalogue.built.json), so a compiled server or a Lambda cold start reads parsed
 * JSON instead of running the schemas again. Never written into the repository's content/.
 */
export const PREBUILT_NAME = 'catalogue.built.json';

interface PrebuiltCatalogue {
  version: string;
  routines: Array<[string, Routine]>;
  techniques: Array<[string, Technique]>;
  guide: Guide;
  safety: Safety;
}

/** The hash loadCatalogue gives the same files, without parsing them: read, in its order. */
export function contentVersion(root: string = CONTENT_DIR): string {
  const hash = createHash('sha256');
  const files = [
    ...jsonFiles(join(root, 'techniques')),
    ...jsonFiles(join(root, 'routines')),
    join(root, 'guide.json'),
    ...['sources.json', 'signs.json', 'emergency-numbers.json', 'risky-spots.json', 'cautions.json'].map((name) =>
      join(root, 'safety', name),
    ),
  ];
  for (const file of files) hash.update(relative(join(root, '..'), file)).update(readFileSync(file, 'utf8'));
  return hash.digest('hex').slice(0, 12);
}

/** At build time: validates the content under root (throws ContentError) and writes the prebuilt catalogue beside it. */
export function writePrebuiltCatalogue(root: string): Catalogue {
  const built = loadCatalogue(root);
  const prebuilt: PrebuiltCatalogue = {
    version: built.version,
    routines: [...built.routines],
    techniques: [...built.techniques],
    guide: built.guide,
    safety: built.safety,
  };
  writeFileSync(join(root, PREBUILT_NAME), JSON.stringify(prebuilt));
  return built;
}

/**
 * The prebuilt catalogue under root, if there is one and it was made from exactly the content
 * files beside it (same hash); otherwise undefined, and the caller validates the files.
 */
export function readPrebuiltCatalogue(root: string = CONTENT_DIR): Catalogue | undefined {
  const path = join(root, PREBUILT_NAME);
  if (!existsSync(path)) return undefined;
  let prebuilt: PrebuiltCatalogue;
  try {
    prebuilt = JSON.parse(readFileSync(path, 'utf8')) as PrebuiltCatalogue;
    if (prebuilt.version !== contentVersion(root)) return undefined;
  } catch {
    return undefined;
  }
  return {
    routines: new Map(prebuilt.routines),
    techniques: new Map(prebuilt.techniques),
    guide: prebuilt.guide,
    safety: prebuilt.safety,
    version: prebuilt.version,
  };
}

let loaded: Catalogue | undefined;
/** The catalogue of this process, built once (machines are built from it once too): prebuilt by the build, else validated here. */
export function catalogue(): Catalogue {
  loaded ??= readPrebuiltCatalogue() ?? loadCatalogue();
  return loaded;
}
