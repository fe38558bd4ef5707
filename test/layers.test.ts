import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import graph of src/, checked against the layers in the README: an arrow may point down or
 * sideways inside its own room, never up and never across to another room on the same floor.
 */
const SRC = join(__dirname, '..', 'src');

/** Floors from the ground up; a room is a folder of src/ (or a file at its top). */
const FLOORS: string[][] = [
  ['config', 'log', 'zod-issues', 'deep-freeze'],
  ['i18n', 'content', 'models'],
  ['speech', 'plan'],
  ['coach'],
  ['nlu', 'store'],
  ['runtime'],
  ['platforms'],
  ['cli', 'server'],
];
const floorOf = new Map(FLOORS.flatMap((rooms, floor) => rooms.map((room) => [room, floor] as const)));

/** Arrows known to be wrong, each with the issue that removes it. */
const KNOWN: Record<string, string> = {};

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
const roomOf = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.ts$/, '');

/** Every arrow "room -> room" between different rooms, with the file that draws it. */
function arrows(): Array<{ from: string; to: string; file: string }> {
  return files(SRC).flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)].map(
      (match) => match[1]!,
    );
    return specifiers
      .map((specifier) => ({
        from: roomOf(file),
        to: roomOf(resolve(dirname(file), specifier)),
        file: relative(SRC, file),
      }))
      .filter((arrow) => arrow.from !== arrow.to);
  });
}

/** Arrows that point up a floor or across to another room on the same floor. */
const wrongArrows = (list: Array<{ from: string; to: string }>, known: Record<string, string>) =>
  [
    ...new Set(
      list
        .filter((arrow) => floorOf.get(arrow.from)! <= floorOf.get(arrow.to)!)
        .map((arrow) => `${arrow.from} -> ${arrow.to}`),
    ),
  ].filter((name) => !known[name]);

describe('layers of src/', () => {
  const all = arrows();

  it('knows the floor of every room', () => {
    const rooms = new Set(all.flatMap((arrow) => [arrow.from, arrow.to]));
    expect([...rooms].filter((room) => !floorOf.has(room))).toEqual([]);
  });

  it('has no arrow from a lower floor up, or across a floor, but the known ones', () => {
    expect(wrongArrows(all, KNOWN)).toEqual([]);
  });

  it('keeps the dialogue pure: the coach imports no platform, server, store, runtime, nlu or cli', () => {
    const fromCoach = all.filter((arrow) => arrow.from === 'coach').map((arrow) => arrow.to);
    expect(
      fromCoach.filter((room) => ['platforms', 'server', 'store', 'runtime', 'nlu', 'cli'].includes(room)),
    ).toEqual([]);
  });

  it('flags an arrow up or across once it is no longer excused', () => {
    const sample = [
      { from: 'models', to: 'platforms' },
      { from: 'server', to: 'cli' },
      { from: 'coach', to: 'platforms' },
      { from: 'platforms', to: 'coach' },
    ];
    expect(wrongArrows(sample, {})).toEqual(['models -> platforms', 'server -> cli', 'coach -> platforms']);
    expect(wrongArrows(sample, KNOWN)).toEqual(['models -> platforms', 'server -> cli', 'coach -> platforms']);
  });

  it('still sees every arrow KNOWN excuses (drop each from KNOWN when it is gone)', () => {
    const seen = new Set(all.map((arrow) => `${arrow.from} -> ${arrow.to}`));
    expect(Object.keys(KNOWN).filter((name) => !seen.has(name))).toEqual([]);
  });
});
