/**
 * The text policy (protocol/text.ts) at the store's boundary: every text bound to a statement, on
 * either store, is checked before the statement runs. The API refuses such text first, naming the
 * field; this makes the two stores answer alike for every caller, not only the API.
 */
import { unstorableText } from '../protocol/text.js';
import { StoreInvalidTextError } from './errors.js';

export function assertStorable(params: readonly unknown[]): void {
  for (const value of params) {
    if (typeof value !== 'string') continue;
    const reason = unstorableText(value);
    if (reason !== null) throw new StoreInvalidTextError(`a text value ${reason}`);
  }
}
