/** Public face of the report stage: what `check`, `report` and `baseline` use. */
export { renderReports, type RenderOptions } from './render.js';
export { loadResults } from './load.js';
export {
  compareToBaseline,
  baselineExitCode,
  saveBaseline,
  defaultBaselinePath,
  FAILING_VERDICTS,
  DEFAULT_RELATIVE_TOLERANCE,
  type BaselineChanges,
  type VerdictFlip,
  type Drift,
} from './baseline.js';
export { FORMAT_NAMES, DEFAULT_FORMATS } from './formats/index.js';
export { formatChanges } from './changes-text.js';
