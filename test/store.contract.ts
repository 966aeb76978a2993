/**
 * The one contract suite for the Store interface (shared/CONVENTIONS.md §6): every implementation
 * runs exactly these sentences (test/store.sqlite.test.ts, test/store.postgres.test.ts). The parts
 * live in test/store-contract/.
 */
import { identityContract } from './store-contract/identities.js';
import { requestContract } from './store-contract/requests.js';
import { whitelistContract } from './store-contract/whitelist.js';
import { auditContract } from './store-contract/audit.js';
import { feedContract } from './store-contract/feed.js';
import { lifecycleContract } from './store-contract/lifecycle.js';
import { textContract } from './store-contract/text.js';
import { signInContract } from './store-contract/signIn.js';
import { healthContract } from './store-contract/health.js';
import { readsContract } from './store-contract/reads.js';
import { ticketsContract } from './store-contract/tickets.js';
import { rateCountsContract } from './store-contract/rateCounts.js';
import { policiesContract } from './store-contract/policies.js';
import { recordingsContract } from './store-contract/recordings.js';
import type { MakeStore } from './store-contract/shared.js';

export type { ContractStore, MakeStore } from './store-contract/shared.js';

/** Runs every part of the contract against stores made by `makeStore` (a fresh one per part). */
export function storeContract(name: string, makeStore: MakeStore): void {
  identityContract(name, makeStore);
  requestContract(name, makeStore);
  whitelistContract(name, makeStore);
  auditContract(name, makeStore);
  feedContract(name, makeStore);
  lifecycleContract(name, makeStore);
  textContract(name, makeStore);
  signInContract(name, makeStore);
  healthContract(name, makeStore);
  readsContract(name, makeStore);
  ticketsContract(name, makeStore);
  rateCountsContract(name, makeStore);
  policiesContract(name, makeStore);
  recordingsContract(name, makeStore);
}
