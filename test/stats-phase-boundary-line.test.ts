import t from 'tap';
import { boundaryExponent, type PhaseRun } from '../src/stats/phase.js';

/**
 * The fitted boundary drawn in the phase diagram: runs planted on a logistic boundary log10 y = a + e log10 x, with
 * a per-seed shift, must give back a and e; moving the planted boundary must move the fitted one by as much.
 */
function planted(a: number, e: number, seeds = 6): PhaseRun[] {
  const runs: PhaseRun[] = [];
  let state = 12345;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const xs = [10, 14, 20, 28, 40, 57, 80, 113, 160];
  const ys = [0.1, 0.13, 0.17, 0.22, 0.3, 0.4, 0.52, 0.7];
  for (let s = 0; s < seeds; s++) {
    const shift = ((s - (seeds - 1) / 2) / seeds) * 0.04;
    for (const x of xs)
      for (const y of ys) {
        const d = Math.log10(y) - (a + shift + e * Math.log10(x));
        runs.push({ x, y, seed: s, success: uniform() < 1 / (1 + Math.exp(-d / 0.05)) });
      }
  }
  return runs;
}

// The fitted line's height at the grid's centre (x = 40), where an error in the exponent moves it least.
const atCentre = (fit: ReturnType<typeof boundaryExponent>) => fit.log10Intercept! + fit.exponent * Math.log10(40);

t.test('the fitted boundary lies where the planted one does', async (t) => {
  const fit = boundaryExponent(planted(0.05, -1 / 3));
  t.ok(Math.abs(fit.exponent - -1 / 3) < 0.08, `exponent ${fit.exponent} near -1/3`);
  t.not(fit.log10Intercept, null);
  const truth = 0.05 - Math.log10(40) / 3;
  t.ok(Math.abs(atCentre(fit) - truth) < 0.03, `log10 y at x = 40: ${atCentre(fit)} near ${truth}`);
});

t.test('negative control: a boundary moved up by 0.1 decades is fitted 0.1 decades higher', async (t) => {
  const moved = atCentre(boundaryExponent(planted(0.15, -1 / 3))) - atCentre(boundaryExponent(planted(0.05, -1 / 3)));
  t.ok(Math.abs(moved - 0.1) < 0.03, `moved by ${moved}`);
});
