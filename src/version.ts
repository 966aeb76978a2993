/**
 * The package version. Builds put it in at bundle time (scripts/build.mjs defines
 * EXPACTI_VERSION); code run from source (tests) reads package.json.
 */
import { createRequire } from 'node:module';

declare const EXPACTI_VERSION: string | undefined;

function fromPackageJson(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export const VERSION: string = typeof EXPACTI_VERSION === 'string' ? EXPACTI_VERSION : fromPackageJson();
