export * from './binomial.js';
export * from './bootstrap.js';
export * from './decide.js';
export * from './isotonic.js';
export * from './loglog.js';
export * from './threshold.js';
export * from './phase.js';
export * from './ratio.js';
