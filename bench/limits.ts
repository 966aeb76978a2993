/** The benches measure the gate's own speed: the org's submission rate limits are lifted (they still count). */
export const UNLIMITED = { submitsPerMinutePerToken: 10_000_000, submitsPerMinutePerOrg: 10_000_000 };
