import { FederationAudit } from '@bfa/audit';
import { verdictLines } from './federation-audit';

const log = (name: string, valid = true) => ({
  log: name,
  url: `http://127.0.0.1:41${name.length}`,
  entries: 7,
  valid,
  ...(valid ? {} : { reason: 'entry 3: edited' }),
});
const audit = (over: Partial<FederationAudit>): FederationAudit => ({
  logs: [log('coordinator'), log('ggd')],
  findings: [],
  missing: [],
  ok: true,
  ...over,
});

describe('what bfa ethics verify says', () => {
  it('names every log it fetched and checked, with its URL, and says they agree only when none is missing', () => {
    const lines = verdictLines(audit({}));
    expect(lines[0]).toBe(
      'Fetched and checked 2 log(s): coordinator (http://127.0.0.1:4111), ggd (http://127.0.0.1:413).',
    );
    expect(lines.at(-1)).toBe('All 2 logs the registry names verify and agree.');
  });

  it('never says all logs agree when the registry names a log it did not check, and names the unreachable URL', () => {
    const missing = [
      { log: 'gemeente', reason: 'no URL was given for it' },
      {
        log: 'sterkhuis',
        url: 'http://127.0.0.1:9',
        reason: 'it could not be fetched from http://127.0.0.1:9: fetch failed',
      },
    ];
    const lines = verdictLines(audit({ missing, ok: false }));
    expect(lines.join('\n')).not.toMatch(/verify and agree/);
    expect(lines).toContain("NOT CHECKED: gemeente's log, which the registry names: no URL was given for it.");
    expect(lines).toContain(
      "NOT CHECKED: sterkhuis's log, which the registry names: it could not be fetched from http://127.0.0.1:9: fetch failed.",
    );
    expect(lines.at(-1)).toBe(
      'INCOMPLETE: 2 of the 4 logs the registry names were not checked, so nothing can be said about whether all logs agree.',
    );
  });

  it('reports broken logs and findings as problems', () => {
    const lines = verdictLines(
      audit({
        logs: [log('coordinator'), log('ggd', false)],
        findings: [{ queryId: 'q', org: 'ggd', problem: 'x' }],
        ok: false,
      }),
    );
    expect(lines.join('\n')).not.toMatch(/verify and agree/);
    expect(lines.at(-1)).toBe('PROBLEMS FOUND: 1 log(s) do not verify, 1 finding(s): see above.');
  });
});
