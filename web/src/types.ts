/** Wire types the page uses: the protocol's own, plus the dashboard endpoints' bodies. */
export type {
  AnalysisView,
  Decision,
  PreviewMatch,
  Reason,
  RequestView,
  WhitelistEntryView,
  WhitelistPreview,
} from '../../src/protocol/api.js';
export type { RuntimeContext } from '../../src/protocol/context.js';
export type { Tier } from '../../src/protocol/tiers.js';
import type { Tier } from '../../src/protocol/tiers.js';

export type SessionState =
  | { stage: 'signed_out' }
  | { stage: 'totp'; csrfToken: string; user: string }
  | { stage: 'enrol'; csrfToken: string; user: string; secret: string; uri: string }
  | {
      stage: 'ready';
      csrfToken: string;
      user: { id: string; name: string; role: 'admin' | 'reviewer'; totp: boolean };
      org: { id: string; name: string; requireTotp: boolean };
    };

export type ReadySession = Extract<SessionState, { stage: 'ready' }>;

export interface DayInsight {
  day: string;
  autoAllowed: number;
  approved: number;
  denied: number;
  expired: number;
  pending: number;
  hitRate: number | null;
  medianDecisionSeconds: number | null;
}

export interface Insights {
  days: number;
  total: number;
  perDay: DayInsight[];
  medianDecisionSeconds: number | null;
  riskiestCommands: Array<{
    commandText: string;
    tier: Tier;
    score: number;
    count: number;
    denied: number;
    lastId: string;
  }>;
  riskiestAgents: Array<{
    agent: string;
    requests: number;
    highOrCritical: number;
    denied: number;
    maxTier: Tier;
    meanScore: number;
  }>;
  load: ReviewerLoad;
}

export interface ReviewerLoad {
  promptsPer100: Array<{ day: string; value: number | null }>;
  prompts: number;
  commands: number;
  passed: Record<string, number>;
  shapes: Array<{ pattern: string; typed: boolean; prompts: number; tier: Tier; lastId: string }>;
}
