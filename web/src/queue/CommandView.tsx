/** The command as written, with its risky parts marked by tier; hover or focus shows why. */
import type { AnalysisView } from '../types.js';
import { isDangerous, markParts, segments } from './partTiers.js';

export function CommandView({ text, analysis }: { text: string; analysis: AnalysisView }) {
  const parts = markParts(analysis);
  const segs = segments(text, parts);
  return (
    <div className="command-block">
      <pre className="command" data-testid="command" aria-label="Command">
        {segs.map((s, i) =>
          s.part && isDangerous(s.part.tier) ? (
            <mark
              key={i}
              className={`part part-${s.part.tier}`}
              title={s.part.reasons.map((r) => r.message).join('\n') || `${s.part.tier} risk`}
            >
              {s.text}
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
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
                <code className={isDangerous(p.tier) ? `part part-${p.tier}` : ''}>{p.text}</code>
                {p.tier ? <span className={`tier-dot tier-${p.tier}`}>{p.tier}</span> : null}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
