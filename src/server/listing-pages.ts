import { Router, type Request } from 'express';

/**
 * The privacy policy and terms of use the skill's store listing links to (skill.json
 * privacyAndCompliance, set at deploy time): /privacy and /terms, in English or German by
 * ?locale= (what the manifest links) or the browser's Accept-Language. Each statement matches
 * what src/store keeps: ids, dates, numbers, never a symptom or free text.
 */
type Language = 'en' | 'de';
interface Page {
  title: string;
  paragraphs: string[];
}

const PAGES: Record<'privacy' | 'terms', Record<Language, Page>> = {
  privacy: {
    en: {
      title: 'Massage Coach: privacy policy',
      paragraphs: [
        'Massage Coach keeps a small journal so it can resume where you stopped and tell you how your tension changes. For each session it keeps the date, the routine, how many steps you finished, whether you stopped early (by your choice, after a warning sign, or because nobody answered) and the tension ratings from zero to ten you gave for that area. It also keeps where you stopped in a routine, your goal and whether you asked it to talk less.',
        'It never keeps what you said, your name, your voice, your location or any symptom you mention: a warning sign stops the session and only the fact that it was stopped is written down.',
        "The journal is keyed by the anonymous user id the platform gives the skill (Alexa, Dialogflow or the browser page), stored hashed in the operator's database, and is not shared with anyone or used for advertising.",
        'Deleting: disabling the skill in the Alexa app deletes everything kept about you at once. On the browser page, "Delete my data" does the same. There is no setting to keep no journal at all; deleting removes the journal, your progress and your place in a routine.',
        'Massage Coach does not monitor you. It only hears what you say to it during a session, and it is not a medical device.',
      ],
    },
    de: {
      title: 'Massage Coach: Datenschutzerklärung',
      paragraphs: [
        'Massage Coach führt ein kleines Tagebuch, damit es dort weitermachen kann, wo du aufgehört hast, und dir sagen kann, wie sich deine Spannung verändert. Für jede Einheit speichert es das Datum, die Routine, wie viele Schritte du geschafft hast, ob du früher aufgehört hast (auf deinen Wunsch, nach einem Warnzeichen oder weil niemand geantwortet hat) und die Spannungswerte von null bis zehn, die du für diesen Bereich genannt hast. Außerdem speichert es, wo du in einer Routine stehst, dein Ziel und ob es weniger reden soll.',
        'Es speichert nie, was du gesagt hast, deinen Namen, deine Stimme, deinen Ort oder ein Symptom, das du nennst: Ein Warnzeichen beendet die Einheit, und nur dass sie beendet wurde, wird notiert.',
        'Das Tagebuch hängt an der anonymen Nutzerkennung, die die Plattform dem Skill gibt (Alexa, Dialogflow oder die Browserseite), wird gehasht in der Datenbank des Betreibers gespeichert, mit niemandem geteilt und nicht für Werbung genutzt.',
        'Löschen: Wenn du den Skill in der Alexa-App deaktivierst, wird sofort alles gelöscht, was über dich gespeichert ist. Auf der Browserseite tut „Meine Daten löschen“ dasselbe. Eine Einstellung, gar kein Tagebuch zu führen, gibt es nicht; Löschen entfernt das Tagebuch, deinen Fortschritt und deine Stelle in einer Routine.',
        'Massage Coach überwacht dich nicht. Es hört nur, was du während einer Einheit zu ihm sagst, und es ist kein Medizinprodukt.',
      ],
    },
  },
  terms: {
    en: {
      title: 'Massage Coach: terms of use',
      paragraphs: [
        'Massage Coach guides self-massage routines for general well-being. It does not provide medical advice and is not a substitute for professional medical advice, diagnosis or treatment.',
        'Use light to moderate pressure and stop if anything feels wrong. If you are pregnant, take blood thinners, or have a clotting or bone condition, ask your doctor before you start. In an emergency, call your local emergency number.',
        'The coach stops a session when you mention certain warning signs, but it cannot notice anything you do not say, and it does not monitor you.',
        'The skill is provided as is, without warranty. You use it at your own risk.',
      ],
    },
    de: {
      title: 'Massage Coach: Nutzungsbedingungen',
      paragraphs: [
        'Massage Coach leitet Selbstmassage-Routinen für das allgemeine Wohlbefinden an. Es bietet keine medizinische Beratung und ersetzt keine professionelle medizinische Beratung, Diagnose oder Behandlung.',
        'Arbeite mit leichtem bis mittlerem Druck und hör auf, wenn sich etwas falsch anfühlt. Wenn du schwanger bist, Blutverdünner nimmst oder eine Gerinnungs- oder Knochenerkrankung hast, frag vorher deine Ärztin oder deinen Arzt. Im Notfall wähle die örtliche Notrufnummer.',
        'Der Coach beendet eine Einheit, wenn du bestimmte Warnzeichen nennst, kann aber nichts bemerken, was du nicht sagst, und überwacht dich nicht.',
        'Der Skill wird ohne Gewähr bereitgestellt. Die Nutzung erfolgt auf eigene Verantwortung.',
      ],
    },
  },
};

function language(req: Request): Language {
  const asked = typeof req.query.locale === 'string' ? req.query.locale : (req.get('accept-language') ?? '');
  return asked.trim().toLowerCase().startsWith('de') ? 'de' : 'en';
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function render(page: Page, lang: Language): string {
  const body = page.paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('\n');
  return `<!doctype html>\n<html lang="${lang === 'de' ? 'de-DE' : 'en-US'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(page.title)}</title></head>\n<body><main><h1>${escape(page.title)}</h1>\n${body}\n</main></body></html>\n`;
}

/** GET /privacy and /terms, for every locale of the listing; served in production too. */
export function listingPages(): Router {
  const router = Router();
  for (const name of ['privacy', 'terms'] as const)
    router.get(`/${name}`, (req, res) => {
      const lang = language(req);
      res.type('html').set('Content-Language', lang).send(render(PAGES[name][lang], lang));
    });
  return router;
}
