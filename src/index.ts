/**
 * The public API of the `expacti` package: what users may rely on, by name (CONVENTIONS §13).
 * Everything else is internal.
 */
export { Expacti } from './sdk/expacti.js';
export type {
  Allowed,
  CommandLike,
  ExpactiOptions,
  PendingInfo,
  Ran,
  Refused,
  RequestOptions,
  RequestResult,
  RunOptions,
  RunResult,
} from './sdk/types.js';
export { ExpactiClient } from './client/client.js';
export type { ClientOptions, WaitOptions } from './client/client.js';
export { ExpactiError } from './client/errors.js';
export type { ClientErrorCode } from './client/errors.js';
export { EXIT } from './protocol/exitCodes.js';
export { TIERS } from './protocol/tiers.js';
export type { Tier } from './protocol/tiers.js';
export type {
  AnalysisView,
  CheckResponse,
  CommandInput,
  Decision,
  ExecuteResponse,
  Reason,
  RequestStatus,
  RequestView,
  SubmitRequestBody,
  SubmitResponse,
  TicketResponse,
  WhitelistEntryView,
} from './protocol/api.js';
export type { PushMessage } from './protocol/push.js';
export { opencodePlugin } from './agent/hooks/opencode.js';
export type { OpencodePluginOptions, OpencodeContext, OpencodeHooks } from './agent/hooks/opencode.js';
