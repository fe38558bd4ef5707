/** A generated JSON file's text: two-space indent and a final newline, so regeneration is byte-identical. */
export const jsonFile = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
