/**
 * The Microsoft Teams message (issue 11): the documented incoming-webhook shape — `{ type:
 * "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content }] }`
 * with an Adaptive Card 1.4 — carrying what the Slack message carries: the title, the command, its
 * tier and reasons, where it runs, the policy's demand and progress, what the agent read just
 * before, and an "Open to decide" button with the link.
 *
 * Text that came from the agent (the command, reasons, directory, reads …) goes only into
 * RichTextBlock TextRuns, which Teams never reads as Markdown (a TextBlock or a FactSet would turn
 * `[x](https://…)` into a link), and through the display rule (protocol/displayText.ts): hidden
 * characters are shown as escapes, a command of several lines is numbered, as on every other view.
 */
import { displayBlock, displayInline } from '../../../protocol/displayText.js';
import { clip, type NotifyContent } from './message.js';

export const ADAPTIVE_CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Lines of the command shown in the card; the link opens the rest. */
const MAX_COMMAND_LINES = 40;

type Element = Record<string, unknown>;

interface Run {
  text: string;
  bold?: boolean;
  monospace?: boolean;
  color?: 'Attention' | 'Warning';
}

/** One line of plain (never Markdown) text. */
function line(runs: Run[], spacing?: 'Medium'): Element {
  return {
    type: 'RichTextBlock',
    ...(spacing ? { spacing } : {}),
    inlines: runs.map((r) => ({
      type: 'TextRun',
      text: r.text,
      ...(r.bold ? { weight: 'Bolder' } : {}),
      ...(r.monospace ? { fontType: 'Monospace' } : {}),
      ...(r.color ? { color: r.color } : {}),
    })),
  };
}

const field = (label: string, value: string): Element =>
  line([{ text: `${label}: `, bold: true }, { text: displayInline(value) }]);

function commandLines(command: string): Element[] {
  const lines = displayBlock(command).split('\n');
  const shown = lines.slice(0, MAX_COMMAND_LINES).map((l) => line([{ text: l, monospace: true }]));
  if (lines.length > MAX_COMMAND_LINES)
    shown.push(line([{ text: `… ${lines.length - MAX_COMMAND_LINES} more lines: open the request` }]));
  return shown;
}

/** The Adaptive Card itself (version 1.4). */
export function teamsCard(m: NotifyContent): Element {
  const body: Element[] = [
    { ...line([{ text: clip(displayInline(m.title), 200), bold: true }]), style: 'heading' },
    { type: 'Container', style: 'emphasis', spacing: 'Medium', items: commandLines(m.command) },
    { ...field('Tier', m.tier), spacing: 'Medium' },
    field('Agent', m.agent),
    field('Directory', m.cwd),
    ...(m.branch ? [field('Branch', m.branch)] : []),
    ...(m.approvals ? [field('Approvals', m.approvals)] : []),
    ...(m.rules.length ? [field('Policy', m.rules.join(', '))] : []),
    ...(m.decision ? [field('Decision', clip(m.decision, 300))] : []),
  ];
  if (m.reasons.length) {
    body.push(line([{ text: 'Why it needs a reviewer', bold: true }], 'Medium'));
    for (const r of m.reasons) body.push(line([{ text: `• ${displayInline(r)}` }]));
  }
  if (m.reads.length) {
    body.push(
      line(
        [
          m.tainted
            ? { text: '⚠ The agent read untrusted content just before', bold: true, color: 'Attention' }
            : { text: 'Read just before', bold: true },
        ],
        'Medium',
      ),
    );
    for (const r of m.reads) {
      const how = `${r.trust}${r.findings.length ? `: ${r.findings.join(', ')}` : ''}`;
      body.push(
        line([
          { text: `• ${displayInline(r.source)} ` },
          { text: `(${displayInline(how)})`, ...(r.trust === 'untrusted' ? { color: 'Warning' } : {}) },
        ]),
      );
    }
  }
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
    actions: [{ type: 'Action.OpenUrl', title: 'Open to decide', url: m.link }],
  };
}

/** The incoming-webhook body: one message with the card as its only attachment. */
export function teamsBody(m: NotifyContent): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD_TYPE, contentUrl: null, content: teamsCard(m) }],
  };
}
