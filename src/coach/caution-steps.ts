import type { Step } from '../content/schema';

/**
 * What each caution (content/safety/signs.json, tier "caution") leaves out of a composed session,
 * exactly as its spoken answer says (locales coach.redFlag.caution.*). A caution with no place of
 * its own (blood thinners, recent surgery, cancer: "gentle pressure", "stay away from it") leaves
 * out no step the coach could name; under any caution no hold grows (learned-dose.ts).
 */
interface LeftOut {
  /** Every step with this technique, in any area. */
  techniques?: readonly string[];
  /** Steps by routine id and step id. */
  steps?: readonly string[];
}

const CAUTION_LEAVES_OUT: Readonly<Record<string, LeftOut>> = {
  // "Skip the foam roller and the ball on your ribs or spine."
  osteoporosis: { techniques: ['foam-roller-release'], steps: ['mid-lower-back/floor-release'] },
  // "Skip lying on your back and the inner lower leg": the back's roller and floor ball are done
  // lying on the back; every calf step presses the lower leg, the inner side included.
  pregnancy: {
    steps: [
      'mid-lower-back/foam-roller',
      'mid-lower-back/floor-release',
      'calves-hamstrings/foam-roller',
      'calves-hamstrings/compression',
      'calves-hamstrings/stretch-release',
    ],
  },
  // "Never roll or press over varicose veins": the calf steps roll and press.
  'varicose-veins': {
    steps: ['calves-hamstrings/foam-roller', 'calves-hamstrings/compression', 'calves-hamstrings/stretch-release'],
  },
};

/** True when a caution heard this session rules the step out. */
export function isCautioned(routine: string, step: Step, cautions: readonly string[]): boolean {
  return cautions.some((caution) => {
    const out = CAUTION_LEAVES_OUT[caution];
    if (!out) return false;
    return (
      (step.technique !== null && (out.techniques ?? []).includes(step.technique)) ||
      (out.steps ?? []).includes(`${routine}/${step.id}`)
    );
  });
}
