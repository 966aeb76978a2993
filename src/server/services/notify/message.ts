/**
 * What a notification says, built once when it is queued (a retry sends the same): the command,
 * its tier and reasons, where it runs, the policy's demand and progress, what the agent read just
 * before (issue 25: an untrusted read is flagged), and the link to decide. Then one shape per
 * channel kind: Slack Block Kit (Mattermost's Slack-compatible hooks take it), a Teams Adaptive
 * Card (teamsCard.ts), a plain JSON event for signed webhooks, and a text mail.
 */
import type { RequestRecord } from '../../../store/records.js';
import { tallyVotes } from '../../../core/policy/tally.js';
import { displayBlock, displayInline } from '../../../protocol/displayText.js';

export type NotifyEvent = 'pending' | 'escalated' | 'decided';

export interface NotifyContent {
  event: NotifyEvent;
  requestId: string;
  title: string;
  command: string;
  tier: string;
  reasons: string[];
  agent: string;
  cwd: string;
  host: string | null;
  branch: string | null;
  session: string | null;
  rules: string[];
  approvals: string | null;
  escalatedTo: string | null;
  status: string;
  /** For a decided request: who decided and why. */
  decision: string | null;
  /** What the agent read just before, newest last; untrusted ones marked. */
  reads: Array<{ source: string; trust: string; findings: string[] }>;
  tainted: boolean;
  /** Single-use, expiring link that opens the request in the dashboard (sign-in still required). */
  link: string;
  expiresAt: string;
}

export const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

export function notifyContent(
  event: NotifyEvent,
  request: RequestRecord,
  link: string,
  escalatedTo: string | null,
): NotifyContent {
  const trail = request.analysis.reads;
  const tier = request.analysis.tier;
  const title =
    event === 'escalated'
      ? `Escalated to ${escalatedTo}: a ${tier} request still waits for a decision`
      : event === 'decided'
        ? `Request ${request.status}`
        : `A ${tier} request waits for a reviewer`;
  return {
    event,
    requestId: request.id,
    title: trail?.tainted ? `${title} — it follows an untrusted read` : title,
    command: clip(request.commandText, 2000),
    tier,
    reasons: request.analysis.reasons.slice(0, 8).map((r) => clip(r.message, 300)),
    agent: request.agentName,
    cwd: request.cwd,
    host: request.host,
    branch: request.gitBranch,
    session: request.session,
    rules: request.policy?.rules.map((r) => r.name) ?? [],
    approvals: request.policy ? tallyVotes(request.policy, request.votes ?? []).progress.summary : null,
    escalatedTo,
    status: request.status,
    decision: request.decision?.justification ?? null,
    reads: (trail?.reads ?? []).slice(-5).map((r) => ({
      source: clip(r.source, 300),
      trust: r.trust,
      findings: r.findings.map((f) => f.code),
    })),
    tainted: trail?.tainted ?? false,
    link,
    expiresAt: request.expiresAt,
  };
}

/**
 * Text for Slack mrkdwn: hidden characters escaped (the display rule every view follows, issue 16)
 * and Slack's control characters too, so an agent-chosen branch or path cannot become a link
 * (`<https://x|click>`), a mention (`<!channel>`) or formatting.
 */
function slackText(text: string): string {
  return slackEscape(displayInline(text));
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A command in a Slack code block: escaped per line, and no way to close the block early. */
function slackCode(command: string): string {
  const fence = '`'.repeat(3);
  return fence + slackEscape(displayBlock(command)).split(fence).join("'''") + fence;
}

/** Slack-compatible incoming webhook body (Block Kit, with a text fallback). */
export function slackBody(m: NotifyContent): Record<string, unknown> {
  const fields = [
    `*Tier:* ${slackText(m.tier)}`,
    `*Agent:* ${slackText(m.agent)}`,
    `*Directory:* ${slackText(m.cwd)}`,
    ...(m.branch ? [`*Branch:* ${slackText(m.branch)}`] : []),
    ...(m.approvals ? [`*Approvals:* ${slackText(m.approvals)}`] : []),
    ...(m.rules.length ? [`*Policy:* ${slackText(m.rules.join(', '))}`] : []),
    ...(m.decision ? [`*Decision:* ${slackText(clip(m.decision, 300))}`] : []),
  ];
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: clip(displayInline(m.title), 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: slackCode(m.command) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (m.reasons.length)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: m.reasons.map((r) => `• ${slackText(r)}`).join('\n') },
    });
  if (m.reads.length)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${m.tainted ? ':warning: *The agent read untrusted content just before:* ' : 'Read before: '}${m.reads
            .map((r) =>
              slackText(`${r.source} (${r.trust}${r.findings.length ? `: ${r.findings.join(', ')}` : ''})`),
            )
            .join('; ')}`,
        },
      ],
    });
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: 'Open to decide' }, url: m.link, style: 'primary' },
    ],
  });
  // The text alone is what hooks that ignore blocks show (Mattermost): it carries the link too.
  const text = `${slackText(m.title)}: ${slackText(clip(m.command, 200))} — open to decide: ${m.link}`;
  return { text, blocks };
}

/** The generic webhook's JSON body. */
export function webhookBody(m: NotifyContent): Record<string, unknown> {
  return { type: `request.${m.event}`, ...m };
}

export function mailText(m: NotifyContent): { subject: string; text: string } {
  const d = displayInline;
  const lines = [
    d(m.title),
    '',
    `  ${displayBlock(m.command, '  ')}`,
    '',
    `Tier: ${d(m.tier)}`,
    ...m.reasons.map((r) => `  - ${d(r)}`),
    `Agent: ${d(m.agent)}   Directory: ${d(m.cwd)}${m.branch ? `   Branch: ${d(m.branch)}` : ''}`,
    ...(m.approvals ? [`Approvals: ${d(m.approvals)}`] : []),
    ...(m.rules.length ? [`Policy rules: ${d(m.rules.join(', '))}`] : []),
    ...(m.decision ? [`Decision: ${d(m.decision)}`] : []),
    ...(m.reads.length
      ? [
          '',
          m.tainted ? 'WARNING: the agent read untrusted content just before:' : 'Read just before:',
          ...m.reads.map(
            (r) => `  - ${d(r.source)} (${r.trust}${r.findings.length ? `: ${r.findings.join(', ')}` : ''})`,
          ),
        ]
      : []),
    '',
    `Decide (sign-in required; the link works once and expires): ${m.link}`,
  ];
  return { subject: `[expacti] ${clip(d(m.title), 120)}`, text: lines.join('\n') };
}
