import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditEntry, AuditInput } from './audit-entry';
import { chainEntry } from './hash-chain';
import { headFindings } from './head-check';
import { signHead, SignedHead } from './signed-head';

const keys = { coordinator: generateSigningKeyPair(), ggd: generateSigningKeyPair() };
const keyOf = (writer: string) => keys[writer as keyof typeof keys]?.publicKey;
const writer = (id: keyof typeof keys) => ({ id, secretKey: keys[id].secretKey });

function chain(id: keyof typeof keys, length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < length; i++) {
    const input: AuditInput = { type: 'query.submitted', queryId: `q${i}`, actor: id, details: { i } };
    entries.push(chainEntry(entries[i - 1] ?? null, input, writer(id)));
  }
  return entries;
}

const headOf = (id: keyof typeof keys, entries: AuditEntry[]) =>
  signHead(entries[entries.length - 1] ?? null, entries.length, writer(id));

describe("heads held of another party's log", () => {
  const coordinator = chain('coordinator', 5);
  const ggd = chain('ggd', 4);
  const held = { coordinator: [headOf('ggd', ggd)], ggd: [headOf('coordinator', coordinator)] };

  it('finds nothing while every log still reaches the heads the others hold', () => {
    expect(headFindings({ coordinator, ggd }, held, keyOf)).toEqual([]);
    expect(
      headFindings(
        { coordinator: [...coordinator, ...chain('coordinator', 1)], ggd },
        { ...held, ggd: [signHead(null, 0, writer('coordinator'))] },
        keyOf,
      ),
    ).toEqual([]);
  });

  it.each([
    ['the last entry removed', 4],
    ['the last two removed', 3],
    ['every entry removed', 0],
  ])("catches the coordinator's log with %s", (_case, kept) => {
    expect(headFindings({ coordinator: coordinator.slice(0, kept), ggd }, held, keyOf)).toEqual([
      {
        queryId: null,
        org: 'coordinator',
        problem: `coordinator's log has ${kept} entries, but coordinator signed a head at entry 5: entries were removed (a head held by ggd)`,
      },
    ]);
  });

  it("catches a log rewritten below a held head, and a head witnessed in the holder's own log", () => {
    const rewritten = chain('ggd', 4);
    expect(headFindings({ coordinator, ggd: rewritten }, held, keyOf)).toEqual([
      {
        queryId: null,
        org: 'ggd',
        problem:
          "ggd's entry 4 is not the one ggd signed a head for: the log was rewritten (a head held by coordinator)",
      },
    ]);
    const witnessed = chainEntry(
      coordinator[4],
      { type: 'head.witnessed', queryId: null, actor: 'ggd', details: { head: headOf('ggd', ggd) } },
      writer('coordinator'),
    );
    expect(headFindings({ coordinator: [...coordinator, witnessed], ggd: ggd.slice(0, 2) }, {}, keyOf)).toEqual([
      expect.objectContaining({
        org: 'ggd',
        problem: expect.stringContaining("ggd's log has 2 entries, but ggd signed a head at entry 4"),
      }),
    ]);
  });

  it('names a held head its writer did not sign, and ignores heads of logs not fetched', () => {
    const forged: SignedHead = { ...headOf('coordinator', coordinator), count: 9 };
    expect(headFindings({ coordinator, ggd }, { ggd: [forged] }, keyOf)).toEqual([
      {
        queryId: null,
        org: 'ggd',
        problem:
          "ggd holds a head that does not verify: the head of coordinator's log at 9 is not signed by coordinator",
      },
    ]);
    expect(headFindings({ coordinator }, held, keyOf)).toEqual([]);
  });
});
