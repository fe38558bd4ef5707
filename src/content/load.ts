import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { guideSchema, routineSchema, techniqueSchema, type Guide, type Routine, type Technique } from './schema';
import { issueLines } from '../zod-issues';

/** Raised when a content file is missing, not JSON, or breaks the schema: names the file and the field. */
export class ContentError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ContentError';
  }
}

export interface Catalogue {
  routines: ReadonlyMap<string, Routine>;
  techniques: ReadonlyMap<string, Technique>;
  guide: Guide;
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
    throw new ContentError(
      shown,
      issueLines(result.error, '(file)'),
    );
  }
  return result.data;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.json')).sort().map((name) => join(dir, name));
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
      if (step.technique !== null && !techniques.has(step.technique)) {
        throw new ContentError(relative(join(root, '..'), file), [`steps.${index}.technique: unknown technique "${step.technique}"`]);
      }
    });
    routines.set(routine.id, routine);
  }
  const guide = parseFile(join(root, 'guide.json'), guideSchema, root, hash);
  return { routines, techniques, guide, version: hash.digest('hex').slice(0, 12) };
}

function expectIdMatchesFile(file: string, id: string, root: string): void {
  const expected = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (id !== expected) throw new ContentError(relative(join(root, '..'), file), [`id: "${id}" must match the file name "${expected}"`]);
}

let loaded: Catalogue | undefined;
/** The catalogue of this process, built once (machines are built from it once too). */
export function catalogue(): Catalogue {
  loaded ??= loadCatalogue();
  return loaded;
}
