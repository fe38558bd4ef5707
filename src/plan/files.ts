import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../content/load';
import { supportedLocales } from '../i18n';
import { checkPlan, type PlanCheck } from './validate';
import { planJsonSchema } from './schema';

/** Where the published JSON Schema lives in the repository: plan files name it in "$schema". */
export const PLAN_SCHEMA_FILE = join(__dirname, '..', '..', 'schema', 'plan.schema.json');

/** The JSON Schema as written to schema/plan.schema.json. */
export const planSchemaText = (): string => `${JSON.stringify(planJsonSchema(), null, 2)}\n`;

/** Checks a plan's JSON text against the guide and the coach's languages. */
export function checkPlanText(text: string): PlanCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  return checkPlan(raw, catalogue(), supportedLocales());
}

export const checkPlanFile = (file: string): PlanCheck => checkPlanText(readFileSync(file, 'utf8'));
