export { canonicalJson } from './canonicalJson.js';
export { GENESIS_HASH, hashRecord, sealRecords } from './hash.js';
export type { AuditContent, ChainHead, ChainedRecord } from './hash.js';
export { ChainVerifier, verifyChain } from './verify.js';
export type { ChainProblem, ChainVerification } from './verify.js';
