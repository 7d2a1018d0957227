import { atomSystem, BoxSpec, FieldDomain } from './atoms';

const domains: Record<string, FieldDomain> = {
  year: { values: [2023, 2024] },
  wijk: { values: ['W1', 'W2', 'W3'] },
  care_form: { values: ['ambulant', 'residential', 'foster_care'] },
  duration_days: { integers: { min: 0, max: 366 } },
  school: { text: true },
};
const box = (filters: BoxSpec['filters'], grid: BoxSpec['grid'] = {}): BoxSpec => ({ filters, grid });
const sorted = (atoms: number[]) => [...atoms].sort((a, b) => a - b);

describe('atoms: the finest groups a set of released cells tells apart', () => {
  it('evaluates filters on the catalog values, not their text: year gte 2024 and eq 2024 are the same records', () => {
    const { boxes } = atomSystem(domains, [
      box([{ field: 'year', op: 'eq', value: 2024 }]),
      box([{ field: 'year', op: 'gte', value: 2024 }]),
      box([{ field: 'year', op: 'in', value: [2024] }]),
    ]);
    expect(boxes[0]).toEqual(boxes[1]);
    expect(boxes[0]).toEqual(boxes[2]);
    expect(boxes[0]).toHaveLength(1);
  });

  it('tells year lte 2023 and gte 2024 apart and sees their union as every year', () => {
    const { atomCount, boxes } = atomSystem(domains, [
      box([{ field: 'year', op: 'lte', value: 2023 }]),
      box([{ field: 'year', op: 'gte', value: 2024 }]),
      box([]),
    ]);
    expect(atomCount).toBe(2);
    expect(sorted([...boxes[0], ...boxes[1]])).toEqual(sorted(boxes[2]));
  });

  it('merges values no box tells apart: an in-list against its complement gives two atoms, not three', () => {
    const { atomCount, boxes } = atomSystem(domains, [
      box([{ field: 'care_form', op: 'in', value: ['ambulant', 'residential'] }]),
      box([{ field: 'care_form', op: 'eq', value: 'foster_care' }]),
    ]);
    expect(atomCount).toBe(2);
    expect(boxes.map((b) => b.length)).toEqual([1, 1]);
  });

  it('cuts an integer field without listed values at every threshold used: a range split in two adds up to the whole', () => {
    const { atomCount, boxes } = atomSystem(domains, [
      box([{ field: 'duration_days', op: 'lte', value: 99 }]),
      box([{ field: 'duration_days', op: 'gte', value: 100 }]),
      box([{ field: 'duration_days', op: 'gte', value: 0 }]),
      box([{ field: 'duration_days', op: 'eq', value: 100 }]),
    ]);
    expect(atomCount).toBe(3);
    expect(sorted([...boxes[0], ...boxes[1]])).toEqual(sorted(boxes[2]));
    expect(boxes[1]).toEqual(expect.arrayContaining(boxes[3]));
    expect(boxes[0]).not.toEqual(expect.arrayContaining(boxes[3]));
  });

  it('expresses a coarser grid as the sum of the finer one: a wijk total over its wijk x year cells', () => {
    const { boxes } = atomSystem(domains, [
      box([], { wijk: ['W1'], year: [2023] }),
      box([], { wijk: ['W1'], year: [2024] }),
      box([], { wijk: ['W1'] }),
      box([], { wijk: ['W1', 'W2'] }),
    ]);
    expect(sorted(boxes[2])).toEqual(sorted([...boxes[0], ...boxes[1]]));
    expect(boxes[3]).toEqual(expect.arrayContaining(boxes[2]));
    expect(boxes[3].length).toBeGreaterThan(boxes[2].length);
  });

  it('gives free text the values named in filters and one atom for every other value', () => {
    const { atomCount, boxes } = atomSystem(domains, [box([{ field: 'school', op: 'eq', value: '01AB' }]), box([])]);
    expect(atomCount).toBe(2);
    expect(boxes[1]).toHaveLength(2);
  });

  it('refuses a field without a domain', () => {
    expect(() => atomSystem(domains, [box([{ field: 'colour', op: 'eq', value: 'red' }])])).toThrow(
      'field "colour" has no domain',
    );
  });
});
