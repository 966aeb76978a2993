/** Light shape checks of server answers (no schema library on the agent's hot path). */
import type { RequestView, SubmitResponse } from '../protocol/api.js';

const STATUSES = new Set(['pending', 'approved', 'denied', 'expired']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isCommandInput(v: unknown): boolean {
  if (!isObject(v)) return false;
  if ('argv' in v)
    return Array.isArray(v['argv']) && v['argv'].length > 0 && v['argv'].every((w) => typeof w === 'string');
  return typeof v['shell'] === 'string';
}

export function isRequestView(v: unknown): v is RequestView {
  return (
    isObject(v) &&
    typeof v['id'] === 'string' &&
    typeof v['status'] === 'string' &&
    STATUSES.has(v['status']) &&
    typeof v['expiresAt'] === 'string' &&
    isCommandInput(v['command']) &&
    isObject(v['analysis'])
  );
}

export function isSubmitResponse(v: unknown): v is SubmitResponse {
  if (!isObject(v) || !isRequestView(v['request']) || typeof v['dashboardUrl'] !== 'string') return false;
  if (v['exec'] === undefined) return true;
  return isObject(v['exec']) && isCommandInput(v['exec']['command']);
}
