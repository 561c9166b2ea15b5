/**
 * The Bayes risk of the XOR task with label flips, analytically.
 *
 * Let y(x) be the clean label and the observed label be y~ = -y with probability p < 1/2,
 * independently of x. For any classifier h,
 *
 *   P(h(x) != y~) = E[ P(h(x) != y~ | x) ]
 *                 = E[ (1 - p) 1{h(x) != y} + p 1{h(x) = y} ]
 *                 = p + (1 - 2p) P(h(x) != y),
 *
 * so the noisy risk is an increasing affine function of the clean risk, and the Bayes risk under
 * flips is p + (1 - 2p) R*_clean. In the XOR model the clean label is a function of the signal
 * patch (s_1 a + s_2 b with y = s_1 s_2, and the four signal vectors are distinct whenever
 * cos(theta) < 1), so R*_clean = 0 and the Bayes risk is exactly p, attained by h(x) = y(x).
 */
export function bayesRiskWithFlips(p: number, cleanBayesRisk = 0): number {
  if (!(p >= 0 && p < 0.5)) throw new RangeError(`label-flip probability must lie in [0, 1/2) (got ${p})`);
  if (!(cleanBayesRisk >= 0 && cleanBayesRisk <= 1)) throw new RangeError(`clean Bayes risk must lie in [0, 1] (got ${cleanBayesRisk})`);
  return p + (1 - 2 * p) * cleanBayesRisk;
}

/** The XOR model's Bayes risk: the flip rate itself. */
export function xorBayesRisk(p: number): number {
  return bayesRiskWithFlips(p, 0);
}

/**
 * The Bayes classifier of the XOR model from the signal patch's first two coordinates
 * (s_1 alpha, s_2 beta): sign(x_1) sign(x_2) = s_1 s_2.
 */
export function xorBayesClassifier(signalPatch: ArrayLike<number>, offset = 0): 1 | -1 {
  return Math.sign(signalPatch[offset]) * Math.sign(signalPatch[offset + 1]) >= 0 ? 1 : -1;
}
