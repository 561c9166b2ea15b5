import type { BaselineChanges } from './baseline.js';
import { fmt } from './format-values.js';

/** Plain-text summary of a baseline comparison, for terminals and CI logs. */
export function formatChanges(ch: BaselineChanges): string {
  const lines: string[] = [];
  for (const w of ch.warnings) lines.push(`note: ${w}`);
  if (ch.quiet) lines.push('no changes since the baseline');
  for (const f of ch.flips) lines.push(`${f.toFail ? 'FLIP TO FAIL' : 'flip'} ${f.id}: ${f.from} -> ${f.to}`);
  for (const d of ch.drifts) lines.push(`moved ${d.id} (${d.what} ${d.name}): ${fmt(d.before)} -> ${fmt(d.after)}; ${d.rule}`);
  for (const a of ch.added) lines.push(`new ${a.id}: ${a.verdict}`);
  for (const r of ch.removed) lines.push(`removed ${r.id} (was ${r.verdict})`);
  return lines.join('\n') + '\n';
}
