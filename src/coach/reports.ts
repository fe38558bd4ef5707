import { say, type Act } from '../speech/acts';
import type { CoachEvent } from './events';

/**
 * The coach's answer to a report of how it feels that asks for nothing: a mild ache or a good
 * hurt is encouraged, comfort acknowledged. Nothing stops, the hold keeps its length.
 */
export function reportActs(event: CoachEvent): Act[] {
  const feeling = event.type === 'REPORT' && event.feeling === 'mild' ? 'mild' : 'good';
  return [say(`coach.report.${feeling}`)];
}
