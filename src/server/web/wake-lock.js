// @ts-check
// The screen stays on during a routine (a phone on the floor must not lock mid-hold).

/** @type {WakeLockSentinel | null} */
let wakeLock = null;
let wantAwake = false;
/** @param {boolean} on */
export async function keepAwake(on) {
  wantAwake = on;
  try {
    if (on && !wakeLock && 'wakeLock' in navigator && document.visibilityState === 'visible') {
      const lock = await navigator.wakeLock.request('screen');
      wakeLock = lock;
      lock.addEventListener('release', () => (wakeLock = null));
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
