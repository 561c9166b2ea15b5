import { metrics } from '../components/metric.js';
// The shipped metrics' ranges and symbols (a report may load without any run parameters).
import '../components/shipped.js';

/**
 * Where a quantity can lie, by name: a registered metric's range (losses are >= 0, errors and alignments
 * (mean |cos|) are in [0, 1]), and the prose names figures use for them. A Student interval knows none of
 * this and can reach below 0; reports clip it for display and say so.
 */
export type Support = readonly [number, number];

const BY_NAME: Array<[RegExp, Support]> = [
  [/^((train|test)[ -]loss|training loss|loss)$/i, [0, Infinity]],
  [/^((train|test)[ -]error|mean \|cos\(w, ?mu\)\|)$/i, [0, 1]],
];

/**
 * The support of a quantity named by a figure label (`testLoss`, `training loss`) or a statistic that is the
 * quantity at one point (`testLoss at nLabeled=4`), else null: a difference or a slope has no such bounds.
 */
export function supportOf(name: string): Support | null {
  const subject = name.trim().replace(/\s+at\s+.*$/, '');
  const metric = metrics.get(subject) ?? metrics.values().find((m) => m.name.toLowerCase() === subject.toLowerCase());
  if (metric) return metric.range;
  for (const [re, support] of BY_NAME) if (re.test(subject)) return support;
  return null;
}
