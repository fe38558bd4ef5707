// Massage Coach in a browser: speaks with speechSynthesis, listens with SpeechRecognition, times
// holds on its own clock, and sends each utterance to /console/say. Plain script module, no build.

const $ = (id) => document.getElementById(id);
const STRINGS = JSON.parse(document.body.dataset.strings || '{}');
const locale = document.documentElement.lang || 'en-US';

/** A label from the locale files (rendered by the server's i18next), with {{placeholders}} filled. */
function t(key, params = {}) {
  const value = key
    .split('.')
    .reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), STRINGS);
  if (typeof value !== 'string') return key;
  return value.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

/** The browser's own random id (not a pid, not a counter): the same user after a reload. */
function browserId() {
  const key = 'massage-coach.id';
  let id = null;
  try {
    id = localStorage.getItem(key);
  } catch {
    /* storage blocked: a new id each load */
  }
  if (id && /^[A-Za-z0-9-]{8,64}$/.test(id)) return id;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  id = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  try {
    localStorage.setItem(key, id);
  } catch {
    /* keep it for this page only */
  }
  return id;
}
const session = browserId();

// ---------------------------------------------------------------- sound: chimes and speech

let audio = null;
/** A soft two-note chime: rising when a hold starts, falling when it ends. */
function chime(kind) {
  window.dispatchEvent(new CustomEvent('coach:chime', { detail: kind }));
  if (!audio) return;
  const notes = kind === 'start' ? [660, 880] : [880, 587];
  const start = audio.currentTime + 0.02;
  notes.forEach((frequency, index) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const at = start + index * 0.18;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + 0.5);
  });
}

const synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
let voice = null;
function pickVoice() {
  if (!synth) return;
  const voices = synth.getVoices();
  const language = locale.split('-')[0];
  voice =
    voices.find((v) => v.lang === locale) || voices.find((v) => v.lang.replace('_', '-').startsWith(language)) || null;
}
if (synth) {
  pickVoice();
  synth.addEventListener?.('voiceschanged', pickVoice);
}

/** What the coach is saying now, so the microphone does not take the coach's own voice for the user. */
const recentSpeech = [];
/** Speaks a line in the page's language; resolves when it has been said (or could not be). */
function speak(text, signal, estimate) {
  recentSpeech.push(normal(text));
  if (recentSpeech.length > 12) recentSpeech.shift();
  if (!synth) return wait(estimate * 1000, signal);
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = locale;
    if (voice) utterance.voice = voice;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      resolve();
    };
    utterance.onend = finish;
    utterance.onerror = finish;
    // Some engines never fire "end": never wait much longer than the words take.
    const guard = setTimeout(finish, (estimate * 1.6 + 3) * 1000);
    signal?.addEventListener('abort', finish, { once: true });
    synth.speak(utterance);
  });
}

function wait(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------- the clock

const clock = { hold: null, startedAt: 0, seconds: 0, timer: null, announced: new Set() };
function setView(view) {
  $('step-name').textContent = view ? view.step : '';
  $('step-side').textContent = view?.side ?? '';
  $('step-count').textContent = view
    ? `${view.routine} · ${t('clock.stepOf', { index: view.stepIndex + 1, count: view.stepCount })}`
    : '';
  $('instruction').textContent = view ? view.instruction : '';
}
function announce(text) {
  $('announce').textContent = text;
}
function drawClock() {
  const face = $('clock');
  if (!clock.hold) {
    face.dataset.state = 'idle';
    $('seconds').textContent = '–';
    $('clock-unit').textContent = t('clock.idle');
    $('ring').setAttribute('stroke-dashoffset', '100');
    return;
  }
  const left = Math.max(0, Math.ceil(clock.seconds - (Date.now() - clock.startedAt) / 1000));
  face.dataset.state = 'running';
  $('seconds').textContent = String(left);
  $('clock-unit').textContent = t('clock.secondsLeft');
  // The ring shows what is left: full at the start, empty at the end.
  $('ring').setAttribute('stroke-dashoffset', String(Math.round(100 - (100 * left) / clock.seconds)));
  for (const boundary of [30, 10]) {
    if (left === boundary && clock.seconds > boundary && !clock.announced.has(boundary)) {
      clock.announced.add(boundary);
      announce(t('clock.announce', { seconds: boundary }));
    }
  }
}
function startHold(seconds) {
  stopHold(false);
  clock.hold = true;
  clock.seconds = seconds;
  clock.startedAt = Date.now();
  clock.announced = new Set();
  clock.timer = setInterval(drawClock, 250);
  drawClock();
  announce(t('clock.holdStarts', { seconds: Math.round(seconds) }));
  chime('start');
}
function stopHold(finished) {
  if (clock.timer) clearInterval(clock.timer);
  clock.timer = null;
  const was = clock.hold;
  clock.hold = null;
  drawClock();
  if (was && finished) {
    announce(t('clock.holdEnds'));
    chime('end');
  }
}

// ---------------------------------------------------------------- screen wake lock

let wakeLock = null;
let wantAwake = false;
async function keepAwake(on) {
  wantAwake = on;
  try {
    if (on && !wakeLock && 'wakeLock' in navigator && document.visibilityState === 'visible') {
      wakeLock = await navigator.wakeLock.request('screen');
      wakeLock.addEventListener('release', () => (wakeLock = null));
    } else if (!on && wakeLock) {
      await wakeLock.release();
      wakeLock = null;
    }
  } catch {
    wakeLock = null; // refused (battery saver, hidden tab): the routine still runs
  }
}
document.addEventListener('visibilitychange', () => {
  if (wantAwake && document.visibilityState === 'visible') void keepAwake(true);
});

// ---------------------------------------------------------------- the log

const log = $('log');
function bubble(kind, who, text = '') {
  const li = document.createElement('li');
  li.className = kind;
  if (who) {
    const label = document.createElement('span');
    label.className = 'who';
    label.textContent = who;
    li.append(label);
  }
  const body = document.createElement('span');
  body.className = 'words';
  body.textContent = text;
  li.append(body);
  log.append(li);
  follow(li);
  return { li, add: (more) => ((body.textContent = `${body.textContent} ${more}`.trim()), follow(li)) };
}
/** Keeps the newest words in view above the input bar as they grow. */
function follow(element) {
  requestAnimationFrame(() => element.scrollIntoView({ block: 'end' }));
}

// ---------------------------------------------------------------- playing a turn

let playing = null;
/**
 * Plays a response: words through speechSynthesis one after another; inside a hold, every cue is
 * placed by the page's clock from the hold's start, so the hold lasts what the guide says however
 * fast or slow the voice is.
 */
async function play(body, signal) {
  const { segments, holds } = body;
  // A warning sign that ended the session is marked; a caution ("I'm pregnant") is answered and the routine goes on.
  const stopped = body.line.event.type === 'RED_FLAG' && body.line.endSession;
  const coach = bubble(stopped ? 'coach red-flag' : 'coach', stopped ? t('log.redFlag') : t('log.coach'));
  let at = 0;
  let hold = null;
  let holdWall = 0;
  const epsilon = 0.01;
  for (const segment of segments) {
    if (signal.aborted) return;
    const inHold = holds.find((span) => at >= span.start - epsilon && at < span.end - epsilon) || null;
    if (inHold && inHold !== hold) {
      hold = inHold;
      holdWall = Date.now();
      startHold(hold.end - hold.start);
      setMic(listening ? 'listening' : 'off'); // the coach is quiet in a hold but for its cues
    }
    if (hold) {
      await wait(holdWall + (at - hold.start) * 1000 - Date.now(), signal);
      if (signal.aborted) return;
      if (segment.kind === 'speech') {
        coach.add(segment.text);
        void speak(segment.text, signal, segment.seconds);
      }
      at += segment.seconds;
      if (at >= hold.end - epsilon) {
        await wait(holdWall + (hold.end - hold.start) * 1000 - Date.now(), signal);
        if (signal.aborted) return;
        stopHold(true);
        hold = null;
      }
      continue;
    }
    if (segment.kind === 'speech') {
      coach.add(segment.text);
      setMic('speaking');
      await speak(segment.text, signal, segment.seconds);
    } else {
      await wait(segment.seconds * 1000, signal);
    }
    at += segment.seconds;
  }
  if (!signal.aborted) setMic(listening ? 'listening' : 'off');
}

let turnNumber = 0;
async function say(text) {
  text = text.trim();
  if (!text) return;
  playing?.abort(); // talking over the coach stops it, as on a speaker
  synth?.cancel();
  stopHold(false);
  const controller = new AbortController();
  playing = controller;
  if (text.startsWith('<')) bubble('event', '', text);
  else bubble('user', t('log.you'), text);
  let response;
  try {
    response = await fetch('/console/say', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, text, locale }),
    });
  } catch {
    bubble('event', '', t('log.offline'));
    return;
  }
  const body = await response.json().catch(() => ({ error: String(response.status) }));
  if (!response.ok) {
    bubble('event', '', t('log.error', { reason: body.error || response.status }));
    return;
  }
  if (!body.line) return;
  turnNumber += 1;
  showTurn(turnNumber, text, body.inspect);
  setView(body.view);
  if (body.view || body.line.routine) void keepAwake(true);
  if (body.line.endSession) void keepAwake(false);
  if (controller.signal.aborted) return;
  await play(body, controller.signal);
  if (controller.signal.aborted) return;
  if (body.line.endSession) bubble('event', '', t('log.ended'));
  if (!$('progress').hidden) void showProgress();
}

// ---------------------------------------------------------------- listening

const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;
let recognition = null;
let listening = false; // the user wants the microphone on
let running = false;
let pushing = false;

function setMic(state) {
  const element = $('mic-state');
  const effective = !Recognition
    ? 'unsupported'
    : element.dataset.state === 'denied' && state !== 'listening'
      ? 'denied'
      : state;
  element.dataset.state = effective;
  element.textContent = t(`mic.${effective}`);
}
/** Is this what the coach itself just said, heard back through the speaker? */
function normal(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
function isEcho(heard) {
  const words = normal(heard);
  // Short commands ("ready", "wait") always count: the coach's sentences come back longer.
  if (words.split(' ').length < 3) return false;
  return Boolean(synth?.speaking) && recentSpeech.some((said) => said.includes(words));
}
function startRecognition() {
  if (!Recognition || running) return;
  recognition = recognition || createRecognition();
  try {
    recognition.start();
    running = true;
  } catch {
    /* already started */
  }
}
function createRecognition() {
  const r = new Recognition();
  r.lang = locale;
  r.continuous = true;
  r.interimResults = false;
  r.maxAlternatives = 1;
  r.onresult = (event) => {
    for (let i = event.resultIndex; i < event.results.length; i += 1) {
      const result = event.results[i];
      if (!result.isFinal) continue;
      const heard = result[0].transcript;
      if (!isEcho(heard)) void say(heard);
    }
  };
  r.onerror = (event) => {
    if (event.error === 'not-allowed' || event.error === 'service-not-allowed') {
      listening = false;
      $('mic-state').dataset.state = 'denied';
      setMic('denied');
      updateMicButton();
    }
  };
  // Browsers end a continuous session after a silence: start again while the user wants to be heard.
  r.onend = () => {
    running = false;
    if (listening || pushing) startRecognition();
  };
  return r;
}
function setListening(on) {
  listening = on && Boolean(Recognition);
  if (listening) {
    if ($('mic-state').dataset.state === 'denied') $('mic-state').dataset.state = 'off';
    startRecognition();
  } else if (running && !pushing) recognition?.stop();
  updateMicButton();
  setMic(listening ? 'listening' : 'off');
}
function updateMicButton() {
  const button = $('mic-toggle');
  button.setAttribute('aria-pressed', String(listening));
  button.textContent = listening ? t('mic.toggleOff') : t('mic.toggleOn');
}

// ---------------------------------------------------------------- progress

const SVG = 'http://www.w3.org/2000/svg';
function svgElement(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}
function weekLabel(iso) {
  return new Date(iso).toLocaleDateString(locale, { day: 'numeric', month: 'short' });
}
/** Sessions per week as bars, the goal as a band. */
function weeksChart(progress) {
  const width = 320,
    height = 160,
    left = 24,
    right = 18,
    bottom = 22,
    top = 8;
  const most = Math.max(progress.goal.max, ...progress.weeks.map((w) => w.sessions), 1);
  const y = (value) => top + (height - top - bottom) * (1 - value / most);
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('progress.weeks') });
  svg.append(
    svgElement('rect', {
      class: 'goal',
      x: left,
      y: y(progress.goal.max),
      width: width - left,
      height: Math.max(2, y(progress.goal.min) - y(progress.goal.max)),
    }),
  );
  svg.append(
    svgElement('line', { class: 'goal-line', x1: left, x2: width, y1: y(progress.goal.min), y2: y(progress.goal.min) }),
  );
  svg.append(svgElement('line', { class: 'axis', x1: left, x2: width, y1: y(0), y2: y(0) }));
  svg.append(svgElement('text', { x: 0, y: y(progress.goal.min) + 4 }, String(progress.goal.min)));
  const slot = (width - left - right) / progress.weeks.length;
  progress.weeks.forEach((week, index) => {
    const x = left + index * slot + slot * 0.2;
    const bar = svgElement('rect', {
      class: week.sessions >= progress.goal.min ? 'bar met' : 'bar',
      x,
      y: y(week.sessions),
      width: slot * 0.6,
      height: Math.max(0, y(0) - y(week.sessions)),
      'data-sessions': week.sessions,
    });
    bar.append(svgElement('title', {}, t('progress.weekOf', { date: weekLabel(week.start), count: week.sessions })));
    svg.append(bar);
    if (week.sessions)
      svg.append(
        svgElement(
          'text',
          { x: x + slot * 0.3, y: y(week.sessions) - 2, 'text-anchor': 'middle' },
          String(week.sessions),
        ),
      );
    if (index % 2 === 1 || progress.weeks.length <= 4)
      svg.append(
        svgElement('text', { x: x + slot * 0.3, y: height - 6, 'text-anchor': 'middle' }, weekLabel(week.start)),
      );
  });
  return svg;
}
/** Average tension before and after, per area, as pairs of bars on 0–10. */
function ratingsChart(progress) {
  const rated = progress.areas.filter((area) => area.rated > 0);
  const row = 48,
    labelWidth = 0,
    width = 320;
  const height = Math.max(1, rated.length) * row + 22;
  const x = (value) => labelWidth + ((width - labelWidth - 28) * value) / 10;
  const svg = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': t('progress.ratings'),
  });
  rated.forEach((area, index) => {
    // The area's name on its own line: German names are long.
    svg.append(svgElement('text', { x: 0, y: index * row + 12 }, area.name));
    const top = index * row + 16;
    svg.append(
      svgElement('rect', { class: 'before', x: labelWidth, y: top, width: x(area.before) - labelWidth, height: 12 }),
    );
    svg.append(
      svgElement('rect', { class: 'after', x: labelWidth, y: top + 14, width: x(area.after) - labelWidth, height: 12 }),
    );
    svg.append(svgElement('text', { x: x(area.before) + 3, y: top + 10 }, String(area.before)));
    svg.append(svgElement('text', { x: x(area.after) + 3, y: top + 24 }, String(area.after)));
  });
  const legend = height - 6;
  svg.append(svgElement('rect', { class: 'before', x: 0, y: legend - 9, width: 10, height: 10 }));
  svg.append(svgElement('text', { class: 'legend', x: 14, y: legend }, t('progress.before')));
  svg.append(svgElement('rect', { class: 'after', x: 90, y: legend - 9, width: 10, height: 10 }));
  svg.append(svgElement('text', { class: 'legend', x: 104, y: legend }, t('progress.after')));
  return svg;
}
async function showProgress() {
  const response = await fetch(
    `/console/progress?session=${encodeURIComponent(session)}&locale=${encodeURIComponent(locale)}`,
  );
  if (!response.ok) return;
  const progress = await response.json();
  $('goal-line').textContent =
    progress.goal.name === 'daily' ? t('progress.goalDaily') : t('progress.goal', progress.goal);
  $('weeks-chart').replaceChildren(weeksChart(progress));
  $('ratings-chart').replaceChildren(ratingsChart(progress));
  const list = $('progress-list');
  list.replaceChildren();
  const item = (text) => {
    const li = document.createElement('li');
    li.textContent = text;
    list.append(li);
  };
  if (!progress.totalSessions) item(t('progress.none'));
  else item(t('progress.total', { count: progress.totalSessions, streak: progress.streakDays }));
  for (const area of progress.areas) {
    item(
      area.rated
        ? t('progress.areaRating', { area: area.name, before: area.before, after: area.after, count: area.rated })
        : t('progress.notRated', { area: area.name, count: area.sessions }),
    );
  }
}

// ---------------------------------------------------------------- developer view

function showTurn(number, input, inspect) {
  if (!inspect) return;
  $('dev-empty').hidden = true;
  const li = document.createElement('li');
  const details = document.createElement('details');
  if (number === turnNumber) details.open = true;
  const summary = document.createElement('summary');
  summary.textContent = t('dev.turn', { number, input });
  details.append(summary);
  const list = document.createElement('dl');
  const entry = (label, value, code) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    const content = document.createElement(code ? 'pre' : 'span');
    content.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    if (code) {
      // A long body scrolls: keyboard users reach it with Tab and scroll it with the arrows.
      content.tabIndex = 0;
      content.setAttribute('aria-label', label);
    }
    dd.append(content);
    list.append(dt, dd);
  };
  entry(t('dev.event'), JSON.stringify(inspect.event));
  entry(t('dev.state'), inspect.state);
  entry(
    t('dev.step'),
    JSON.stringify({
      routine: inspect.routine,
      step: inspect.step,
      holdSeconds: inspect.holdSeconds,
      endSession: inspect.endSession,
    }),
  );
  entry(t('dev.ssml'), inspect.ssml, true);
  entry(t('dev.alexa'), inspect.alexa, true);
  entry(t('dev.dialogflowCx'), inspect.dialogflowCx, true);
  entry(t('dev.dialogflowEs'), inspect.dialogflowEs, true);
  details.append(list);
  li.append(details);
  const turns = $('turns');
  for (const open of turns.querySelectorAll('details[open]')) open.open = false;
  turns.prepend(li);
  while (turns.children.length > 30) turns.lastElementChild.remove();
}

// ---------------------------------------------------------------- wiring

function toggle(button, panel, onOpen) {
  button.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      onOpen?.();
      panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  });
}

/** Sound needs a tap (or a key) first: any tap unlocks it. */
function unlock() {
  $('start-panel').hidden = true;
  if (audio) return;
  try {
    audio = new (window.AudioContext || window.webkitAudioContext)();
    void audio.resume();
  } catch {
    audio = null;
  }
}
/** The one tap to start: sound on, microphone on, and the coach opens as "open Massage Coach" does. */
function begin() {
  unlock();
  setListening(true);
  void say('<launch>');
}

$('start').addEventListener('click', begin);
$('say').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('text');
  const text = input.value;
  input.value = '';
  unlock(); // typing first counts as the tap that lets the page speak
  if (text.trim()) void say(text);
});
document.body.addEventListener('click', (event) => {
  const button = event.target.closest?.('[data-say]');
  if (!button) return;
  unlock();
  void say(button.dataset.say);
});
$('mic-toggle').addEventListener('click', () => setListening(!listening));
const push = $('push-to-talk');
// Holding the button listens (what is heard interrupts the coach, as any utterance does).
push.addEventListener('pointerdown', () => {
  pushing = true;
  startRecognition();
});
const release = () => {
  if (!pushing) return;
  pushing = false;
  if (!listening && running) recognition?.stop();
};
push.addEventListener('pointerup', release);
push.addEventListener('pointerleave', release);
$('locale').addEventListener('change', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('locale', event.target.value);
  location.assign(url.toString());
});
toggle($('show-progress'), $('progress'), () => void showProgress());
toggle($('show-dev'), $('dev'));
$('delete-data').addEventListener('click', async () => {
  if (!window.confirm(t('progress.confirmDelete'))) return;
  playing?.abort();
  synth?.cancel();
  stopHold(false);
  setView(null);
  const response = await fetch('/console/delete', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session, locale }),
  });
  if (!response.ok) return;
  const body = await response.json();
  bubble('coach', t('log.coach'), body.speech);
  void speak(body.speech, undefined, 3);
  announce(t('progress.deleted'));
  void showProgress();
});

if (!Recognition) {
  for (const id of ['mic-toggle', 'push-to-talk']) $(id).hidden = true;
}
setMic('off');
updateMicButton();
drawClock();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
