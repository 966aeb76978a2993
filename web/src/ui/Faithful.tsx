/**
 * Text that did not come from expacti itself (commands, notes, names, paths), shown by the one
 * display rule of src/protocol/displayText.ts: hidden characters as visible escapes in a marked
 * style (with their names on hover and for screen readers), never as themselves. React puts text in
 * text nodes, so nothing is ever read as HTML.
 */
import type { ReactNode } from 'react';
import { ESCAPE_CLOSE, ESCAPE_OPEN, textRuns, type TextRun } from '../../../src/protocol/displayText.js';

export function Runs({ runs }: { runs: readonly TextRun[] }): ReactNode {
  return runs.map((r, i) =>
    r.hidden ? (
      <span key={i} className="esc" title={r.title} aria-label={`hidden: ${r.title ?? r.text}`}>
        {`${ESCAPE_OPEN}${r.text}${ESCAPE_CLOSE}`}
      </span>
    ) : (
      r.text
    ),
  );
}

/** One line: hidden characters and newlines escaped. */
export function Faithful({ text }: { text: string }) {
  return <Runs runs={textRuns(text, 'escape')} />;
}

/** Several lines, numbered when there is more than one; each line's hidden characters escaped. */
export function FaithfulLines({ lines }: { lines: ReactNode[] }) {
  if (lines.length <= 1) return <>{lines[0]}</>;
  return lines.map((line, i) => (
    <span key={i} className="line">
      <span className="ln" aria-hidden="true">
        {i + 1}
      </span>
      <span className="line-text">{line}</span>
      {'\n'}
    </span>
  ));
}

/** A block of text (a note): line breaks kept and numbered, hidden characters escaped. */
export function FaithfulBlock({ text }: { text: string }) {
  return (
    <FaithfulLines
      lines={text.split('\n').map((l, i) => (
        <Runs key={i} runs={textRuns(l, 'keep')} />
      ))}
    />
  );
}
