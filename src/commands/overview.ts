/**
 * The program's command list as its help page shows it (`theorem-harness`, `theorem-harness --help`): each
 * command's usage and one-line description, so that page is written without loading any command module (they
 * import zod, the engines, the report templates). test/cli-usage.test.ts checks every entry against the
 * command's own registration.
 */
export const OVERVIEW: Record<string, { term: string; description: string }> = {
  simulate: { term: 'simulate [options]', description: 'Run one configuration of the data model and two-layer CNN (supervised or SimCLR then fine-tuning).' },
  check: { term: 'check [options] [spec]', description: "Check a spec's claims against simulations (default: the SimCLR paper) and write results.json and reports." },
  merge: { term: 'merge [options] <dirs...>', description: 'Combine the outputs of `check --shard i/N` (one folder per shard, every round) into one results.json and report.' },
  slurm: { term: 'slurm [options] [spec]', description: 'Write the Slurm job array of a sharded check, with its merge as a dependent job and the adaptive rounds that follow; --submit submits it.' },
  calibrate: { term: 'calibrate [options] [spec]', description: "Measure each claim's decision rule on planted truths at its budget: false fail at the threshold, false pass beyond it, power inside it." },
  spec: { term: 'spec', description: "Validate and inspect specifications (a paper's parameters, assumptions and claims)." },
  report: { term: 'report [options] <results>', description: 'Render a results.json as Markdown, HTML, a LaTeX appendix and JUnit XML (with SVG/PDF figures).' },
  baseline: { term: 'baseline', description: 'Save results as a baseline and compare later results with it (regression checking).' },
  cache: { term: 'cache', description: 'Inspect and prune the cache of finished runs (per user by default, shared by every folder).' },
};
