import { PRIORITY, sanitizeEvent, type CoachEvent, type CoachEventType } from '../coach/events';
import { translator } from '../i18n';
import { boundedDistance, MAX_COMPARED_CHARS } from './distance';
import { askedRoutine, frameCandidates } from './frames';
import { lexiconFor, lexiconPhrases } from './lexicon';
import { containsPhrase, normalize } from './normalize';
import { spansOf } from './phrases';
import { reportReaderFor } from './reports';
import { codeAlone, codeIn, composedSession, knotQuestion, linkedCode, shapeEvent } from './session-frames';
import { scannerFor } from './symptoms';
import { ratingSaid } from './rating';
import { negatedCommand, statedCommand } from './word-roles';
import { interactionModel, type InteractionModel, type SlotType } from './utterances';

/** What typed text was taken to mean, and how. */
export interface Match {
  event: CoachEvent;
  intent: string | null;
  how: 'safety' | 'exact' | 'report' | 'phrase' | 'fuzzy' | 'slot' | 'none';
}

interface Pattern {
  intent: string;
  event: CoachEventType;
  regex: RegExp;
  /** Slot names in capture order, with their types. */
  slots: Array<{ name: string; type: string }>;
  /** Characters of literal text: more literal text is a more specific sample. */
  literal: number;
  text: string;
  /** A phrase naming word classes (<physio>): found inside a longer text by this, not by its text. */
  inside?: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A local matcher from the utterance source, for the simulator and for tests of the models. */
export class Matcher {
  private readonly patterns: Pattern[];
  private readonly numbers: Map<string, number>;
  private readonly values: Map<string, Map<string, string>>;
  /**
   * Words that make a sentence a request for a routine ("let's do", "switch to", "lass uns"). A
   * routine's name inside a longer sentence without one is a report ("my neck feels warm"), never
   * a choice: a report is never a command.
   */
  private readonly routineRequests: string[];
  /** Every word of every routine's names ("back", "neck", "rücken"). */
  private readonly bodyWords: Set<string>;

  constructor(private readonly model: InteractionModel) {
    const locale = model.locale;
    this.values = new Map();
    for (const [type, definition] of Object.entries(model.slotTypes)) {
      if (definition.kind !== 'custom') continue;
      const byText = new Map<string, string>();
      for (const value of definition.values)
        for (const synonym of value.synonyms) byText.set(normalize(synonym, locale), value.id);
      this.values.set(type, byText);
    }
    this.numbers = new Map();
    const tr = translator(locale);
    // A request word that is also a word of comfort ("open") asks for nothing in "my chest feels open".
    const comfort = new Set(lexiconPhrases(locale).comfort.map((words) => normalize(words.replace(/\*$/, ''), locale)));
    this.routineRequests = tr
      .list('understanding.routineRequest')
      .map((words) => normalize(words, locale))
      .filter((words) => !comfort.has(words));
    this.bodyWords = new Set([...(this.values.get('ROUTINE')?.keys() ?? [])].flatMap((name) => name.split(' ')));
    for (let n = 0; n <= 20; n += 1) this.numbers.set(normalize(tr.t(`number.${n}`), locale), n);
    // Spoken variants the number list does not carry.
    for (const [word, n] of Object.entries({ nought: 0, nothing: 0, none: 0, ein: 1, eine: 1, einer: 1 }))
      this.numbers.set(word, n);
    for (const [word, n] of Object.entries(lexiconPhrases(locale).numbers))
      this.numbers.set(normalize(word, locale), n);

    // Intents of a platform's own features (reminders) have no coach event: the matcher skips them.
    // Red flags are the symptom scanner's alone: a sample like "{symptom}" would take any words.
    this.patterns = model.intents
      .filter((intent) => intent.event && intent.event !== 'RED_FLAG')
      .flatMap((intent) =>
        [...intent.samples, ...intent.classPatterns].map((sample) => {
          const slots: Pattern['slots'] = [];
          const normalized = normalize(
            sample.replace(/\{(\w+)\}/g, ' SLOT$1SLOT ').replace(/<([a-z]+)>/g, 'CLASS$1CLASS'),
            locale,
          );
          const source = normalized
            .split(' ')
            .map((word) => {
              const slot = /^slot(\w+)slot$/.exec(word);
              if (!slot)
                return escape(word).replace(/class([a-z]+?)class/g, (_, name: string) =>
                  this.classPattern(name, model),
                );
              const name = Object.keys(intent.slots ?? {}).find((key) => key.toLowerCase() === slot[1]) ?? slot[1]!;
              slots.push({ name, type: intent.slots?.[name] ?? 'NUMBER' });
              return '(.+?)';
            })
            .join(' ');
          return {
            intent: intent.name,
            event: intent.event!,
            regex: new RegExp(`^${source}$`),
            slots,
            literal: normalized.replace(/slot\w+slot|class[a-z]+?class/g, '').replace(/\s/g, '').length,
            text: normalized,
            ...(/class[a-z]+?class/.test(normalized) ? { inside: new RegExp(`(?:^| )${source}(?= |$)`) } : {}),
          };
        }),
      );
  }

  /** A word class as a pattern: any of its words ("physical therapist" as two words, "pt's" with its clitic). */
  private classPattern(name: string, model: InteractionModel): string {
    const words = Object.entries(model.classes).find(([key]) => key.toLowerCase() === name)?.[1] ?? [];
    return `(?:${words.map((word) => escape(normalize(word, model.locale))).join('|')})`;
  }

  /** A slot value's id from text, tolerating small typos in longer words. */
  resolve(type: string, raw: string): string | number | undefined {
    const slotType: SlotType | undefined = this.model.slotTypes[type];
    if (!slotType) return undefined;
    const text = normalize(raw.slice(0, MAX_COMPARED_CHARS), this.model.locale);
    if (slotType.kind === 'number') return this.parseNumber(text);
    if (slotType.kind === 'time') return undefined;
    if (slotType.kind === 'code') return codeIn(text, this.model.locale);
    // A symptom is what the scanner finds, negation and all: "no tingling" names none.
    if (type === 'SYMPTOM') return scannerFor(this.model.locale).scan(raw)?.id;
    const byText = this.values.get(type)!;
    const exact = byText.get(text);
    if (exact) return exact;
    const stripped = text.replace(/^(the|a|an|my|die|der|das|den|dem|mein|meine|meinen) /, '');
    if (byText.has(stripped)) return byText.get(stripped);
    if (stripped.length >= 5) {
      for (const [synonym, id] of byText)
        if (synonym.length >= 5 && boundedDistance(stripped, synonym, 1) <= 1) return id;
    }
    return undefined;
  }

  parseNumber(text: string): number | undefined {
    const cleaned = text.replace(/^(a|an|about|around|eine|ein|etwa) /, '').trim();
    if (/^\d+(\.\d+)?$/.test(cleaned)) return Number(cleaned);
    return this.numbers.get(cleaned);
  }

  private eventFrom(pattern: Pattern, captures: string[]): CoachEvent | null {
    const event: Record<string, unknown> = { type: pattern.event };
    for (let index = 0; index < pattern.slots.length; index += 1) {
      const slot = pattern.slots[index]!;
      const value = this.resolve(slot.type, captures[index]!);
      if (value === undefined) return null;
      event[slot.name] = value;
    }
    // The event as every channel checks it: a slot the event does not take ("where's the {routine}"
    // asks where, wherever it is) is left out, and an event the coach would refuse matches nothing.
    const checked = sanitizeEvent(shapeEvent(event));
    return checked.type === pattern.event ? checked : null;
  }

  /** The words without the locale's fillers. */
  private withoutFillers(text: string): string {
    const words = text.split(' ');
    const drop = new Set<number>();
    for (const tokens of lexiconFor(this.model.locale).fillers)
      for (const span of spansOf(tokens, words)) for (let at = span.start; at < span.end; at += 1) drop.add(at);
    return words.filter((_, index) => !drop.has(index)).join(' ');
  }

  /** A question is never a rating ("what's this one good for?"). */
  private isQuestion(said: string[]): boolean {
    return lexiconFor(this.model.locale).questions.some((tokens) => spansOf(tokens, said)[0]?.start === 0);
  }

  /** Whether a word stands first or last among the words, carrier words aside ("ok next please"). */
  private atEdge(said: string[], word: string): boolean {
    const { before, after, requests } = this.model.carriers;
    const skip = (list: string[]) => new Set(list.flatMap((cue) => normalize(cue, this.model.locale).split(' ')));
    const [leading, trailing] = [skip([...before, ...requests]), skip(after)];
    let first = 0;
    let last = said.length - 1;
    while (first < last && leading.has(said[first]!)) first += 1;
    while (last > first && trailing.has(said[last]!)) last -= 1;
    return said[first] === word || said[last] === word;
  }

  match(raw: string): Match {
    // Dialogflow sends at most 256 characters of text (cloud.google.com/dialogflow/quotas); anything
    // longer is not speech, and is cut before any matching so one request's work stays bounded.
    const text = normalize(raw.slice(0, MAX_COMPARED_CHARS), this.model.locale);
    if (!text) return { event: { type: 'FALLBACK' }, intent: null, how: 'none' };

    // Warning signs anywhere in the text, before anything else; the raw text keeps its clause breaks.
    const scanner = scannerFor(this.model.locale);
    const sign = scanner.scan(raw);
    if (sign) return { event: { type: 'RED_FLAG', symptom: sign.id }, intent: 'RedFlagIntent', how: 'safety' };

    const byPriority = (a: { pattern: Pattern }, b: { pattern: Pattern }) =>
      b.pattern.literal - a.pattern.literal || PRIORITY[a.pattern.event] - PRIORITY[b.pattern.event];

    // A pairing code said alone ("four seven one nine") is no rating.
    const code = codeAlone(text, this.model.locale);
    if (code) return { event: code, intent: 'LinkPlanIntent', how: 'slot' };

    // 1. The whole text is a sample.
    const exact: Array<{ pattern: Pattern; event: CoachEvent }> = [];
    for (const pattern of this.patterns) {
      const found = pattern.regex.exec(text);
      if (!found) continue;
      const event = this.eventFrom(pattern, found.slice(1));
      if (event) exact.push({ pattern, event });
    }
    if (exact.length) {
      exact.sort(byPriority);
      return { event: exact[0]!.event, intent: exact[0]!.pattern.intent, how: 'exact' };
    }

    // "Which one's good for a stiff neck?": a question, even though it names a sensation.
    const asked = askedRoutine(text, this.model.locale);
    if (asked) return { event: asked, intent: 'RoutineQuestionIntent', how: 'slot' };

    // A report of how it feels: strong pain eases off; a mild ache, comfort or a sign denied is a
    // report, never a command, unless words of request go with it ("feels better, next please").
    const report = reportReaderFor(this.model.locale).read(raw);
    // Today's session in one sentence ("ten minutes, my neck and left calf are tight") names a
    // sensation too: minutes or a request make it the scan's answer, unless the pain is strong.
    const composed = composedSession(text, this.model.locale, (word) => this.parseNumber(word));
    if (composed && report?.feeling !== 'strong') return { event: composed, intent: 'ComposeIntent', how: 'slot' };
    if (report?.feeling === 'strong') return { event: { type: 'PAIN' }, intent: 'PainIntent', how: 'report' };
    const requestsRoutine = this.routineRequests.some((words) => containsPhrase(text, words));
    const reported = (report !== null || scanner.read(raw).denied) && !requestsRoutine;
    const asReport: Match = {
      event: { type: 'REPORT', feeling: report?.feeling === 'mild' ? 'mild' : 'good' },
      intent: null,
      how: 'report',
    };
    const said = text.split(' ');
    // "Weiter oben", "viel los", "next to": a command word inside an idiom is not the command.
    const lexicon = lexiconFor(this.model.locale);
    const inIdiom = new Set(
      lexicon.frames.idioms.flatMap((tokens) =>
        spansOf(tokens, said).flatMap((span) => said.slice(span.start, span.end).map((_, k) => span.start + k)),
      ),
    );
    const onlyInIdioms = (word: string) => said.every((each, at) => each !== word || inIdiom.has(at));
    // "I'll do my calves next time": a routine named for later is no request now.
    const later = lexicon.time.later.some((tokens) => spansOf(tokens, said).length > 0);

    // 2. A sample without slots, or a slot value, stands inside the text ("um, wait a second please",
    //    "something for my lower back"): the longest piece of matched text wins, then priority.
    type Candidate = { length: number; match: Match };
    const candidates: Candidate[] = [];
    for (const pattern of this.patterns) {
      // A one-word command that also names the body ("back") is that command only when said alone:
      // inside a sentence ("my lower back feels better") it is the body part of a report.
      if (this.bodyWords.has(pattern.text)) continue;
      // One word inside a longer sentence ("the dog lay down next to me") is a command only at its
      // edge ("ok next", "next one please"), and never inside a report ("yeah that's a bit tender").
      const oneWord = !pattern.text.includes(' ');
      if (oneWord && (reported || onlyInIdioms(pattern.text) || (said.length >= 5 && !this.atEdge(said, pattern.text))))
        continue;
      if (negatedCommand(text, pattern.text) || (reported && statedCommand(text, pattern.text))) continue;
      const within = pattern.inside ? pattern.inside.exec(text)?.[0].trim() : undefined;
      if (pattern.slots.length === 0 && (within ?? (containsPhrase(text, pattern.text) ? pattern.text : undefined))) {
        candidates.push({
          length: (within ?? pattern.text).length,
          match: { event: { type: pattern.event } as CoachEvent, intent: pattern.intent, how: 'phrase' },
        });
      }
    }
    for (const [synonym, id] of reported ? [] : (this.values.get('ROUTINE') ?? [])) {
      if (containsPhrase(text, synonym) && ((requestsRoutine && !later) || text === synonym))
        candidates.push({
          length: synonym.length,
          match: { event: { type: 'START_ROUTINE', routine: id }, intent: 'StartRoutineIntent', how: 'slot' },
        });
    }
    for (const [synonym, id] of reported ? [] : (this.values.get('TECHNIQUE') ?? [])) {
      if (containsPhrase(text, synonym))
        candidates.push({
          length: synonym.length,
          match: { event: { type: 'EXPLAIN', technique: id }, intent: 'ExplainIntent', how: 'slot' },
        });
    }
    // "kürzer bitte", "slow down a bit", "there's no wall here", "I only have ten minutes".
    for (const { length, event, intent } of frameCandidates(text, this.model.locale, this.values, (word) =>
      this.parseNumber(word),
    ))
      candidates.push({ length, match: { event, intent, how: 'slot' } });
    // "Link my plan, four seven one nine", "how's the knot in my neck doing".
    const planned = linkedCode(text, this.model.locale) ?? knotQuestion(text, this.model.locale);
    if (planned) candidates.push({ length: text.length, match: { event: planned, intent: null, how: 'slot' } });
    if (candidates.length) {
      candidates.sort((a, b) => b.length - a.length || PRIORITY[a.match.event.type] - PRIORITY[b.match.event.type]);
      return candidates[0]!.match;
    }

    if (reported) return this.ratingIn(raw, true) ?? asReport;

    // 3. A typo away from a sample ("nxet", "repaet").
    let fuzzy: { pattern: Pattern; distance: number } | undefined;
    for (const pattern of this.patterns) {
      if (pattern.slots.length || pattern.text.length < 4) continue;
      const allowed = Math.max(1, Math.floor(pattern.text.length / 6));
      // boundedDistance skips a pattern whose length differs by more than allowed, and stops early.
      const distance = boundedDistance(text, pattern.text, allowed);
      if (distance <= allowed && (!fuzzy || distance < fuzzy.distance)) fuzzy = { pattern, distance };
    }
    if (fuzzy)
      return { event: { type: fuzzy.pattern.event } as CoachEvent, intent: fuzzy.pattern.intent, how: 'fuzzy' };

    // 4. A number in a short answer is a rating ("uh, seven I guess").
    const rating = this.ratingIn(raw, false);
    if (rating) return rating;

    // 5. The same without filler words ("what can i even say", "erzähl ruhig mehr").
    const plain = this.withoutFillers(text);
    const again = plain !== text ? this.match(plain) : null;
    return again && again.how !== 'none' && again.how !== 'fuzzy'
      ? again
      : { event: { type: 'FALLBACK' }, intent: null, how: 'none' };
  }

  /** A number in a short answer as a rating (nlu/rating.ts). */
  private ratingIn(raw: string, inReport: boolean): Match | null {
    // Cut as the text is: one request's work stays bounded.
    const value = ratingSaid(
      raw.slice(0, MAX_COMPARED_CHARS),
      this.model.locale,
      inReport,
      (word) => this.parseNumber(word),
      (said) => this.isQuestion(said),
    );
    return value === undefined ? null : { event: { type: 'RATE', value }, intent: 'RateIntent', how: 'slot' };
  }
}

const matchers = new Map<string, Matcher>();
export function matcherFor(locale: string): Matcher {
  const model = interactionModel(locale);
  let matcher = matchers.get(model.locale);
  if (!matcher) {
    matcher = new Matcher(model);
    matchers.set(model.locale, matcher);
  }
  return matcher;
}
