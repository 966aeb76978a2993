export { canonicalJson } from './canonicalJson.js';
export { GENESIS_HASH, hashRecord, recordBody, sealRecords } from './hash.js';
export type { AuditContent, ChainHead, ChainedRecord } from './hash.js';
export { chainKeyring } from './keys.js';
export type { ChainKey, ChainKeyring } from './keys.js';
export { BREAK_WINDOW, ChainVerifier, verifyChain } from './verify.js';
export type { ChainProblem, ChainVerification, TrustedHead, VerifyOptions } from './verify.js';
export { CHECKPOINT_FORMAT, checkpointProblem, signCheckpoint, signingKeyring } from './checkpoint.js';
export type { SigningKey, SigningKeyring } from './checkpoint.js';
