export * from './api.js';
export * from './push.js';
export * from './errors.js';
export * from './exitCodes.js';
export * from './tiers.js';
export * from './context.js';
export * from './scope.js';
export * from './reads.js';
