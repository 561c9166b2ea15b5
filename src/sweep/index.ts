export * from './key.js';
export * from './cache.js';
export * from './pool.js';
export * from './shard.js';
export * from './executor.js';
