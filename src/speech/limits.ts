/**
 * Platform limits, in one place, each with its source. The renderers and the coach's turn
 * planner read them from here; nothing else hard-codes a limit.
 */
export interface PlatformLimits {
  name: string;
  /** Longest single SSML <break>, in seconds. */
  maxBreakSeconds: number;
  /** Longest stretch of speech + silence one response may carry before we split it into turns. */
  maxResponseSeconds: number;
  /** Most characters of spoken output in one response. */
  maxSpeechChars: number;
  /** How long the platform waits for our answer, in milliseconds. */
  timeoutMs: number;
}

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
    // cloud.google.com/text-to-speech/docs/ssml documents no maximum break; we keep 10 s breaks so phone
    // gateways that buffer audio get steady chunks, and chain them.
    maxBreakSeconds: 10,
    // Google TTS <audio>/<media> at most 240 s (text-to-speech/docs/ssml); we split longer turns likewise.
    maxResponseSeconds: 240,
    // text-to-speech/docs/ssml: 5,000 bytes of input per synthesis request.
    maxSpeechChars: 5000,
    // dialogflow/cx/docs/concept/webhook: default webhook timeout 5 s.
    timeoutMs: 5000,
  },
  dialogflowEs: {
    name: 'dialogflow-es',
    maxBreakSeconds: 10,
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
