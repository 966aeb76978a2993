/** Single-key shortcuts must not fire while the reviewer types in a field. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return (
    !!t &&
    (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
  );
}

/** True while a modal dialog is open (it handles its own keys). */
export function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"]') !== null;
}
