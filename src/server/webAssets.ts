/**
 * The dashboard's built assets (dist/web, from `vite build`), served at / with strict security
 * headers: nothing but this origin may supply scripts, styles, images or connections, no framing,
 * no referrer. The page is a single index.html with hash routes, so only / and /assets/* exist.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from './context.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  // WebAssembly compilation only (the recording player's terminal emulator); still no eval of JS.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every response of this origin carries (API, errors and assets alike). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
});

export function securityHeaders(c: Context): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
}

/** dist/web next to the bundle that runs (dist/chunks/*.js or dist/cli/*.js), or under the package root in dev. */
export function findWebRoot(from = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'web'), join(dir, 'dist', 'web')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

export function mountWebAssets(app: Hono<AppEnv>, root: string | null = findWebRoot()): void {
  if (root === null) {
    app.get('/', (c) =>
      c.text(
        'expacti server. The dashboard is not built (run `npm run build`); API under /v1; reviewers: expacti pending | show | approve | deny.\n',
      ),
    );
    return;
  }
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.get('/assets/*', serveStatic({ root }));
  app.get('/favicon.svg', serveStatic({ root }));
  app.get('/', async (c, next) => {
    await next();
    c.header('cache-control', 'no-cache');
  });
  app.get('/', serveStatic({ root, path: 'index.html' }));
}
