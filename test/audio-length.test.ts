import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { say, type Act } from '../src/speech/acts';
import { LIMITS, type PlatformLimits } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';
import { renderSsml } from '../src/speech/render';

/**
 * Holds measured as audio: the SSML each platform gets is synthesised with espeak-ng (an engine that
 * keeps only the longest of adjacent <break>s) and its length read with sox. `.ci/run` installs both.
 */
const VOICES: Record<string, { voice: string; wpm: number }> = {
  'en-US': { voice: 'en-us', wpm: 150 },
  'de-DE': { voice: 'de', wpm: 130 },
};

function installed(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'holds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let file = 0;
/** Seconds of audio espeak-ng makes of an SSML document. */
function audioSeconds(ssml: string, locale: string): number {
  const { voice, wpm } = VOICES[locale]!;
  const wav = join(dir, `${(file += 1)}.wav`);
  execFileSync('espeak-ng', ['-m', '-v', voice, '-s', String(wpm), '-w', wav, ssml]);
  return Number(execFileSync('soxi', ['-D', wav], { encoding: 'utf8' }).trim());
}

/**
 * The hold's own length: the same turn with and without the hold, so the engine's padding and the
 * words around it cancel out.
 */
function measuredHold(seconds: number, locale: string, limits: PlatformLimits): number {
  const around = (middle: Act[]) =>
    renderSsml(
      planSpeech([say('coach.step.timed', { duration: { seconds } }), ...middle, say('coach.cue.release')], locale),
      limits,
    );
  return audioSeconds(around([{ type: 'hold', seconds, unit: 0 }]), locale) - audioSeconds(around([]), locale);
}

const SAMPLE_HOLDS = [15, 30, 45, 60, 120];

describe('holds measured as audio (espeak-ng + sox)', () => {
  it('has espeak-ng and sox installed (.ci/run installs them)', () => {
    expect({ espeak: installed('espeak-ng'), soxi: installed('soxi') }).toEqual({ espeak: true, soxi: true });
  });

  it('this engine merges adjacent breaks, so the test can see the difference', () => {
    const chained = '<speak>Now. <break time="10000ms"/><break time="10000ms"/> Done.</speak>';
    const single = '<speak>Now. <break time="20000ms"/> Done.</speak>';
    expect(audioSeconds(single, 'en-US') - audioSeconds(chained, 'en-US')).toBeGreaterThan(8);
  });

  for (const platform of ['alexa', 'dialogflowCx', 'dialogflowEs', 'simulator'] as const) {
    for (const locale of Object.keys(VOICES)) {
      it(`plays every sample hold in full on ${platform} SSML (${locale})`, () => {
        const measured = SAMPLE_HOLDS.map(
          (seconds) => Math.round(measuredHold(seconds, locale, LIMITS[platform]) * 10) / 10,
        );
        // Within a second and a half of the stated hold (espeak's cue words run a little off our estimate).
        SAMPLE_HOLDS.forEach((seconds, index) => expect(Math.abs(measured[index]! - seconds)).toBeLessThanOrEqual(1.5));
        // The report prints what was measured.
        process.stdout.write(
          `${platform} ${locale}: ${SAMPLE_HOLDS.map((s, i) => `${s}s→${measured[i]}s`).join(', ')}\n`,
        );
      });
    }
  }
});
