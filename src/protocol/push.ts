/**
 * Push messages, one discriminated union on `type`, sent as server-sent events (`event: <type>`,
 * `data: <json>`) on GET /v1/events (reviewers: the whole org) and GET /v1/requests/:id/events
 * (the agent waiting on one request: the request's current state first, then every change).
 */
import type { RequestView } from './api.js';

export type PushMessage =
  | { type: 'hello'; serverTime: string }
  | { type: 'request.created'; request: RequestView }
  | { type: 'request.updated'; request: RequestView }
  | { type: 'whitelist.changed'; orgId: string }
  | { type: 'ping'; serverTime: string };

export type PushType = PushMessage['type'];
