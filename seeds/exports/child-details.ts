import { SeededRandom } from '../prng';
import { Child } from '../population';
import { YEARS } from '../region';
import { HOUSE_NUMBERS, syntheticPostcodesByBuurt } from '../synthetic-postcodes';

/** What a partner's export says about a child besides the record: where it lives and when it was born. */
export interface ChildDetails {
  /** UTC midnight. */
  birthDate: Date;
  /** As an export writes it: "9012 ZB". */
  postcode: string;
  houseNumber: number;
}

/**
 * Born between 1 January and 1 October of (last seeded year − age), so the child has its seeded age on every
 * partner's reference date (31 December, or the school's 1 October) and each export's date of birth gives
 * back the seeded age band. The address is one of the synthetic postcodes of the child's buurt.
 */
export function childDetails(children: Child[], seed: number): Map<string, ChildDetails> {
  const random = new SeededRandom(seed).fork('child-details');
  const postcodes = syntheticPostcodesByBuurt();
  const lastYear = YEARS[YEARS.length - 1];
  return new Map(
    children.map((child) => {
      const birthDate = new Date(Date.UTC(lastYear - child.age, 0, 1 + random.int(0, 272)));
      const postcode = random.pick(postcodes.get(child.buurt)!);
      return [
        child.childRef,
        {
          birthDate,
          postcode: `${postcode.slice(0, 4)} ${postcode.slice(4)}`,
          houseNumber: random.int(1, HOUSE_NUMBERS),
        },
      ];
    }),
  );
}
