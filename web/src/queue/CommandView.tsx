/**
 * The command as written, with its risky parts marked by tier (hover or focus shows why). Shown by
 * the display rule: hidden characters as escapes, several lines numbered, nothing joined or cut.
 */
import type { ReactNode } from 'react';
import { displayInline, textRuns } from '../../../src/protocol/displayText.js';
import type { AnalysisView } from '../types.js';
import { Faithful, FaithfulLines, Runs } from '../ui/Faithful.js';
import { isDangerous, markParts, segments, type Segment } from './partTiers.js';

/** The segments cut at newlines: one list of pieces per line. */
function lines(segs: Segment[]): Segment[][] {
  const out: Segment[][] = [[]];
  for (const s of segs) {
    s.text.split('\n').forEach((piece, i) => {
      if (i > 0) out.push([]);
      if (piece !== '') out[out.length - 1]?.push({ text: piece, part: s.part });
    });
  }
  return out;
}

function piece(s: Segment, key: number): ReactNode {
  const runs = <Runs runs={textRuns(s.text, 'keep')} />;
  return s.part && isDangerous(s.part.tier) ? (
    <mark
      key={key}
      className={`part part-${s.part.tier}`}
      title={displayInline(s.part.reasons.map((r) => r.message).join(' · ')) || `${s.part.tier} risk`}
    >
      {runs}
    </mark>
  ) : (
    <span key={key}>{runs}</span>
  );
}

export function CommandView({ text, analysis }: { text: string; analysis: AnalysisView }) {
  const parts = markParts(analysis);
  const rendered = lines(segments(text, parts)).map((line, i) => <span key={i}>{line.map(piece)}</span>);
  return (
    <div className="command-block">
      <pre className="command" data-testid="command" aria-label="Command">
        <FaithfulLines lines={rendered} />
      </pre>
      {!analysis.parsed && (
        <p className="warn" role="note">
          This command could not be fully understood, so it is never auto-allowed. Read it carefully.
        </p>
      )}
      {parts.length > 1 && (
        <details className="parts">
          <summary>{parts.length} commands run</summary>
          <ol>
            {parts.map((p, i) => (
              <li key={i}>
                <code className={isDangerous(p.tier) ? `part part-${p.tier}` : ''}>
                  <Faithful text={p.text} />
                </code>
                {p.tier ? <span className={`tier-dot tier-${p.tier}`}>{p.tier}</span> : null}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
