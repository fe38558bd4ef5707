/**
 * Platform limits, in one place, each with its source. The renderers and the coach's turn
 * planner read them from here; nothing else hard-codes a limit.
 */
export interface PlatformLimits {
  name: string;
  /** Longest single SSML <break>, in seconds: a longer silence is split (see ADJACENT_BREAKS). */
  maxBreakSeconds: number;
  /** Longest stretch of speech + silence one response may carry before we split it into turns. */
  maxResponseSeconds: number;
  /** Most characters of spoken output in one response. */
  maxSpeechChars: number;
  /** How long the platform waits for our answer, in milliseconds. */
  timeoutMs: number;
}

/**
 * Adjacent <break>s: what the documentation says, and how we render so every hold plays in full.
 *
 * - W3C SSML 1.1, section 3.2.3 (www.w3.org/TR/speech-synthesis11/#S3.2.3): a break "controls the
 *   pausing or other prosodic boundaries between tokens". Two breaks with no token between them
 *   describe one boundary, so an engine may play one pause for both. espeak-ng does exactly that: it
 *   keeps the longest of adjacent breaks (measured: "hello <break 10s/><break 10s/> world" lasts
 *   11.3 s, a single 20 s break 21.3 s), so a 60 s hold as six chained 10 s breaks played as 10 s
 *   plus speech, about 35 s. test/audio-length.test.ts measures it with espeak-ng and sox.
 * - Alexa (developer.amazon.com/en-US/docs/alexa/custom-skills/speech-synthesis-markup-language-ssml-reference.html,
 *   "break"): time is at most 10 s; the reference says nothing about adjacent breaks. So a longer
 *   silence must be split, and nothing documented promises the parts add up.
 * - Google Cloud Text-to-Speech, the voice of Dialogflow CX `outputAudioText.ssml` and the ES phone
 *   gateway's `telephonySynthesizeSpeech` (cloud.google.com/text-to-speech/docs/ssml, "<break>"):
 *   time in s or ms with no documented maximum, and nothing about adjacent breaks either.
 *
 * Rule: never emit two adjacent breaks. Where one break can carry the whole silence (Google), it
 * does. Where a break is capped (Alexa, 10 s), the parts are separated by a token that makes no
 * sound, U+200B ZERO WIDTH SPACE, so each part is its own boundary and plays in full (measured on
 * espeak-ng: six 10 s parts so separated last 60.1 s). On Alexa the default hold audio is APL-A
 * Silence anyway (alexa-presentation-language/apla-silence), which has no such question.
 */
export const BREAK_SEPARATOR = '\u200b';

export const LIMITS = {
  alexa: {
    name: 'alexa',
    // developer.amazon.com custom-skills/speech-synthesis-markup-language-ssml-reference: break time max 10s.
    maxBreakSeconds: 10,
    // alexa-presentation-language/apla-silence and request-and-response-json-reference: audio/APL-A at most
    // 240 s per response. We stay inside it so every response can be played as exact APL-A silence.
    maxResponseSeconds: 240,
    // request-and-response-json-reference: outputSpeech text/ssml under 8000 characters.
    maxSpeechChars: 8000,
    // custom-skills/host-a-custom-skill-as-a-web-service: the skill must answer within 8 seconds.
    timeoutMs: 8000,
  },
  dialogflowCx: {
    name: 'dialogflow-cx',
    // cloud.google.com/text-to-speech/docs/ssml documents no maximum break: one break carries a whole
    // silence (never adjacent breaks, see above); a turn is at most maxResponseSeconds long anyway.
    maxBreakSeconds: 240,
    // Google TTS <audio>/<media> at most 240 s (text-to-speech/docs/ssml); we split longer turns likewise.
    maxResponseSeconds: 240,
    // text-to-speech/docs/ssml: 5,000 bytes of input per synthesis request.
    maxSpeechChars: 5000,
    // dialogflow/cx/docs/concept/webhook: default webhook timeout 5 s.
    timeoutMs: 5000,
  },
  dialogflowEs: {
    name: 'dialogflow-es',
    // The ES phone gateway speaks through the same Google TTS: one break per silence.
    maxBreakSeconds: 240,
    maxResponseSeconds: 240,
    // text-to-speech/docs/ssml: 5,000 bytes per synthesis request (phone gateway).
    maxSpeechChars: 5000,
    // dialogflow/es/docs/fulfillment-webhook: 5 s webhook timeout (10 s for legacy Assistant).
    timeoutMs: 5000,
  },
  simulator: {
    name: 'simulator',
    maxBreakSeconds: 10,
    // The simulator mirrors Alexa's budget so a run here splits turns exactly as a speaker would.
    maxResponseSeconds: 240,
    maxSpeechChars: 8000,
    timeoutMs: 8000,
  },
} as const satisfies Record<string, PlatformLimits>;

export type PlatformName = keyof typeof LIMITS;

/**
 * Most bytes of a plan carried inline in the coach's snapshot (an authored or composed plan; the
 * guide's routines go by id). The snapshot rides in every response: the smallest response limit is
 * Dialogflow's 64 KiB (dialogflow/cx/docs/concept/webhook, "webhook response" size), Alexa's is
 * 120 KB (custom-skills/request-and-response-json-reference). A quarter of the smaller leaves room
 * for the speech and the rest of the session.
 */
export const MAX_CARRIED_PLAN_BYTES = 16 * 1024;
