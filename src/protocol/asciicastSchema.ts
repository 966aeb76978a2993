/** The recording upload's body for the API description: asciicast v2 text (checked by protocol/asciicast.ts). */
import { z } from 'zod';

export const asciicastBodySchema = z
  .string()
  .describe(
    'asciicast v2: a JSON header line {"version": 2, "width", "height", "expacti": {"kind", "session", "request"?, "target"?, "truncated"?}}, then one [seconds, "o"|"i"|"m"|"r", text] event per line',
  );
