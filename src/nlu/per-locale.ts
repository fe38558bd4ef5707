import { translator } from '../i18n';

/** A reader of a locale's words, built once per process for each resolved locale (en-GB reads en-US). */
export function oncePerLocale<T>(build: (locale: string) => T): (locale: string) => T {
  const built = new Map<string, T>();
  return (locale) => {
    const resolved = translator(locale).locale;
    let value = built.get(resolved);
    if (value === undefined) {
      value = build(resolved);
      built.set(resolved, value);
    }
    return value;
  };
}
