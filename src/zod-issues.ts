import type { z } from 'zod';

/** A zod error's issues as lines a person can act on: "path: message" (`root` when the path is empty). */
export function issueLines(error: z.ZodError, root = '(body)'): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : root}: ${issue.message}`);
}

/** The console's reasons, as a sentence per field: "session must be 8 to 64 …; text …". */
export const fieldReasons = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`).join('; ');

/** The same, on one line: "path: message; path: message". */
export const formatIssues = (error: z.ZodError, root?: string): string => issueLines(error, root).join('; ');
