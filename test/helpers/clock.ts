/**
 * Fakes Date alone: timers, ticks and I/O run for real, so HTTP works, while request timestamps,
 * the coach's clock and signature checks all read the same moved-on time.
 */
export function fakeDateOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}
