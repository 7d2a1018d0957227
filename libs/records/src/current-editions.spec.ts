import { currentEditions } from './current-editions';

const row = (seq: number, edition: string, years: number[]) => ({
  seq,
  edition_id: edition.repeat(64),
  dataset: 'children_households',
  years: JSON.stringify(years),
  imported_at: `2026-11-${10 + seq}T00:00:00.000Z`,
});

describe('the editions a dataset is from now', () => {
  it('names per year the latest import that replaced it, once per edition', () => {
    const editions = currentEditions('gemeente', [row(3, 'c', [2024]), row(1, 'a', [2023, 2024]), row(2, 'b', [2023])]);
    expect(editions).toEqual([
      {
        org: 'gemeente',
        dataset: 'children_households',
        edition: 'b'.repeat(64),
        years: [2023],
        importedAt: '2026-11-12T00:00:00.000Z',
      },
      {
        org: 'gemeente',
        dataset: 'children_households',
        edition: 'c'.repeat(64),
        years: [2024],
        importedAt: '2026-11-13T00:00:00.000Z',
      },
    ]);
  });

  it('names none for a store never imported into', () => {
    expect(currentEditions('gemeente', [])).toEqual([]);
  });
});
