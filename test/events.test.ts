import { EVENT_TYPES, sanitizeEvent } from '../src/coach/events';
import { eventFromIntent, intentNamed } from '../src/nlu/intent-event';

describe('CoachEvent: one schema for the type, the list and the sanitiser', () => {
  it('lists every event once', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['RED_FLAG', 'START_ROUTINE', 'RATE', 'SESSION_CLOSED']));
  });

  it('makes anything unknown a FALLBACK', () => {
    for (const raw of [null, 'NEXT', 42, [], {}, { type: 'DROP_TABLES' }, { type: 7 }])
      expect(sanitizeEvent(raw)).toEqual({ type: 'FALLBACK' });
  });

  it('keeps the event and drops a slot that fails its check', () => {
    expect(sanitizeEvent({ type: 'RATE', value: '6' })).toEqual({ type: 'RATE', value: 6 });
    expect(sanitizeEvent({ type: 'RATE', value: true })).toEqual({ type: 'RATE' });
    expect(sanitizeEvent({ type: 'ADJUST', direction: 'sideways' })).toEqual({ type: 'ADJUST' });
    expect(sanitizeEvent({ type: 'START_ROUTINE', routine: 'x'.repeat(500) })).toEqual({ type: 'START_ROUTINE' });
    expect(sanitizeEvent({ type: 'EXPLAIN', technique: 'no-such-technique' })).toEqual({ type: 'EXPLAIN' });
    expect(sanitizeEvent({ type: 'NEXT', extra: { deep: 1 } })).toEqual({ type: 'NEXT' });
  });
});

describe('the intent map: intent plus raw slot values, as every adapter passes them', () => {
  const startRoutine = intentNamed('en-US', (intent) => intent.name === 'StartRoutineIntent')!;
  const rate = intentNamed('en-US', (intent) => intent.name === 'RateIntent')!;

  it('takes our own ids as they are, and words through the synonyms', () => {
    expect(eventFromIntent(startRoutine, { routine: 'neck' }, 'en-US')).toEqual({
      type: 'START_ROUTINE',
      routine: 'neck',
    });
    expect(eventFromIntent(startRoutine, { routine: 'calves' }, 'en-US')).toEqual({
      type: 'START_ROUTINE',
      routine: 'calves-hamstrings',
    });
  });

  it('reads numbers given as numbers, digits or words', () => {
    expect(eventFromIntent(rate, { value: 6 }, 'en-US')).toEqual({ type: 'RATE', value: 6 });
    expect(eventFromIntent(rate, { value: '6' }, 'en-US')).toEqual({ type: 'RATE', value: 6 });
    expect(eventFromIntent(rate, { value: 'six' }, 'en-US')).toEqual({ type: 'RATE', value: 6 });
  });

  it('leaves out what it cannot read, and keeps the intent', () => {
    expect(eventFromIntent(startRoutine, { routine: 'my left earlobe' }, 'en-US')).toEqual({ type: 'START_ROUTINE' });
    expect(eventFromIntent(rate, { value: '?' }, 'en-US')).toEqual({ type: 'RATE' });
    expect(eventFromIntent(rate, {}, 'en-US')).toEqual({ type: 'RATE' });
  });
});
