/** Names shared by the schema (which reserves them) and the expression compiler (which allows them). */

/** Pure math functions a spec expression may call. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  'sqrt', 'cbrt', 'nthRoot', 'exp', 'expm1', 'log', 'log2', 'log10', 'log1p', 'pow',
  'abs', 'sign', 'ceil', 'floor', 'round', 'fix', 'max', 'min', 'hypot', 'mod', 'erf', 'gamma', 'lgamma',
]);

/** Mathematical constants an expression may use. */
export const ALLOWED_CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e']);

/** Words the expression parser treats specially: never usable as spec names. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'end', 'true', 'false', 'null', 'Infinity', 'NaN', 'undefined']);
