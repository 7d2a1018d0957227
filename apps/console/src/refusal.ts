import { Label, Translate } from './i18n';
import { ApiError } from './signed-api';

/** Which of the access guard's refusals (libs/access/src/access.guard.ts) a status and message are, in the reader's words. */
function refusalLabel(error: ApiError): Label | null {
  if (error.status === 401 && /^stale/.test(error.message)) return 'error.request-expired';
  if (error.status === 401 && /^replayed/.test(error.message)) return 'error.request-replayed';
  if (error.status === 401) return 'error.request-refused';
  if (error.status === 403) return 'error.request-forbidden';
  if (error.status === 429) return 'error.request-throttled';
  return null;
}

/**
 * What went wrong, for the page: a refused or expired request explained in the reader's language with the server's own
 * reason after it (the server speaks English, and its words are what an administrator would look for in the log).
 */
export function problemText(error: unknown, t: Translate): string {
  const message = error instanceof Error ? error.message : String(error);
  const label = error instanceof ApiError ? refusalLabel(error) : null;
  return label ? `${t(label)} (${t('error.server-said')}: ${message})` : message;
}
