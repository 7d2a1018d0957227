import type { NextFunction, Request, Response } from 'express';

/** The signed headers the console's audit reads carry (libs/access/src/request-message.ts HEADERS), and the JSON content type it names. */
const SIGNED_HEADERS = 'content-type, x-bfa-principal, x-bfa-timestamp, x-bfa-nonce, x-bfa-signature';

const AUDIT_READ = /^\/audit(\/(heads|verify|export))?\/?$/;

/**
 * Lets the ethics board's console, served by the coordinator at `origin`, read this node's audit log straight from
 * this node, so the coordinator (one of the audited parties) never relays it. Only the audit GET routes, only that
 * origin, no cookies (the reads are signed, not authenticated by the browser): every other route answers as before,
 * without any CORS header, and the access guard still checks every signature and role.
 */
export function auditCors(origin: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!AUDIT_READ.test(request.path) || request.headers.origin !== origin) return next();
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    if (request.method !== 'OPTIONS') return next();
    // Only a preflight for a GET with the signed headers is answered; anything else gets no permission.
    if (request.headers['access-control-request-method'] !== 'GET') return void response.status(403).end();
    response.setHeader('Access-Control-Allow-Methods', 'GET');
    response.setHeader('Access-Control-Allow-Headers', SIGNED_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}
