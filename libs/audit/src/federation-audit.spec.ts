import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditEntry, AuditInput } from './audit-entry';
import { auditFederation, FetchedLog, fetchLogs, jsonLines, taggedEntries } from './federation-audit';
import { chainEntry } from './hash-chain';

const keys = {
  coordinator: generateSigningKeyPair(),
  ggd: generateSigningKeyPair(),
  gemeente: generateSigningKeyPair(),
};
const registry = {
  coordinator: { publicKey: keys.coordinator.publicKey },
  organisations: { ggd: { nodePublicKey: keys.ggd.publicKey }, gemeente: { nodePublicKey: keys.gemeente.publicKey } },
};

function chain(id: keyof typeof keys, length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < length; i++) {
    const input: AuditInput = { type: 'query.submitted', queryId: `q${i}`, actor: id, details: { i } };
    entries.push(chainEntry(entries[i - 1] ?? null, input, { id, secretKey: keys[id].secretKey }));
  }
  return entries;
}

const fetched = (log: keyof typeof keys, entries = chain(log, 3)): FetchedLog => ({
  log,
  url: `http://${log}.example`,
  entries,
  heads: [],
});

describe("the federation's audit, shared by bfa ethics verify and the ethics board's console", () => {
  it('is ok only when every log the registry names was fetched, verifies and agrees', () => {
    const audit = auditFederation([fetched('coordinator'), fetched('ggd'), fetched('gemeente')], registry);
    expect(audit).toMatchObject({ ok: true, missing: [], findings: [] });
    expect(audit.logs.map((l) => [l.log, l.url, l.valid])).toEqual([
      ['coordinator', 'http://coordinator.example', true],
      ['ggd', 'http://ggd.example', true],
      ['gemeente', 'http://gemeente.example', true],
    ]);
  });

  it('is not ok when fewer logs were given than the registry names, and says which are missing', () => {
    const audit = auditFederation([fetched('coordinator'), fetched('ggd')], registry);
    expect(audit.ok).toBe(false);
    expect(audit.missing).toEqual([{ log: 'gemeente', reason: 'no URL was given for it' }]);
    expect(audit.logs.every((l) => l.valid)).toBe(true);
  });

  it('names the URL that did not answer, and checks the others anyway', async () => {
    const logs = await fetchLogs(
      [
        { log: 'coordinator', url: 'http://coordinator.example' },
        { log: 'ggd', url: 'http://ggd.example' },
        { log: 'gemeente', url: 'http://127.0.0.1:9' },
      ],
      async (url) => {
        if (url.includes(':9')) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
        return { entries: chain(url.includes('ggd') ? 'ggd' : 'coordinator', 2), heads: [] };
      },
    );
    const audit = auditFederation(logs, registry);
    expect(audit.ok).toBe(false);
    expect(audit.logs.map((l) => l.log)).toEqual(['coordinator', 'ggd']);
    expect(audit.missing).toEqual([
      {
        log: 'gemeente',
        url: 'http://127.0.0.1:9',
        reason: 'it could not be fetched from http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9',
      },
    ]);
  });

  it('finds a log whose entry was edited, and one signed by a key the registry does not give', () => {
    const edited = chain('ggd', 3);
    edited[1] = { ...edited[1], details: { i: 99 } };
    const audit = auditFederation(
      [
        fetched('coordinator'),
        fetched('ggd', edited),
        fetched(
          'gemeente',
          chain('ggd', 2).map((e) => ({ ...e })),
        ),
      ],
      registry,
    );
    expect(audit.ok).toBe(false);
    expect(audit.logs.find((l) => l.log === 'ggd')).toMatchObject({
      valid: false,
      reason: 'entry 2: its content does not match its hash (edited)',
    });
    expect(audit.logs.find((l) => l.log === 'gemeente')).toMatchObject({
      valid: false,
      reason: 'entry 1: not signed by gemeente',
    });
  });

  it('does not cross-check node logs against a coordinator log it could not fetch (that log is missing, not empty)', () => {
    const audit = auditFederation(
      [{ log: 'coordinator', url: 'http://c', unreachable: 'HTTP 502' }, fetched('ggd'), fetched('gemeente')],
      registry,
    );
    expect(audit.findings).toEqual([]);
    expect(audit.missing.map((m) => m.log)).toEqual(['coordinator']);
    expect(audit.ok).toBe(false);
  });

  it('exports the fetched entries as JSON lines, each tagged with its log', () => {
    const logs = [fetched('coordinator', chain('coordinator', 2)), fetched('ggd', chain('ggd', 1))];
    const lines = jsonLines(taggedEntries(logs))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.log, l.seq])).toEqual([
      ['coordinator', 1],
      ['coordinator', 2],
      ['ggd', 1],
    ]);
  });
});
