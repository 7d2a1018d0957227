import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';

export const CONSOLE_PATH = '/console/';

/**
 * The console's page and scripts are public files, like /health: they carry no data. Every call the page makes
 * is signed in the browser and passes the access guard as the CLI's do. The policy keeps the page to this
 * server's own scripts and API, so nothing else loaded into it could read the key it holds.
 */
const contentSecurityPolicy = (connect: string[]) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${["'self'", ...connect].join(' ')}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const securityHeaders = (connect: string[]) => (response: Response) => {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(connect));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
};

/**
 * Serves the built console (apps/console, `npm run build`) under /console/ when `dir` holds it; says whether it does.
 * `connect`: origins the page may call besides its own server (the coordinator's: each node, for the ethics board's audit reads).
 */
export function serveConsole(app: NestExpressApplication, dir: string | undefined, connect: string[] = []): boolean {
  if (!dir || !existsSync(join(dir, 'index.html'))) return false;
  app.useStaticAssets(dir, { prefix: CONSOLE_PATH, index: 'index.html', setHeaders: securityHeaders(connect) });
  return true;
}
