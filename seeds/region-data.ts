import { SeededRandom } from './prng';
import { Child, childPopulation } from './population';
import { ggdData } from './partners/ggd';
import { gemeenteData } from './partners/gemeente';
import { PartnerData } from './partners/partner-rows';
import { schoolbestuurData } from './partners/schoolbestuur';
import { sterkhuisData } from './partners/sterkhuis';
import { plantTeamOpMaat } from './team-op-maat';

export const DEFAULT_SEED = 20261125;

const PARTNERS: Record<string, (children: Child[], random: SeededRandom) => PartnerData> = {
  gemeente: gemeenteData,
  sterkhuis: sterkhuisData,
  ggd: ggdData,
  schoolbestuur: schoolbestuurData,
};

export const PARTNER_IDS = Object.keys(PARTNERS);

/** Every partner's rows, in memory, from one seed: the same seed always gives the same rows. */
export function generateRegion(seed = DEFAULT_SEED, scale = 1, orgs = PARTNER_IDS): Record<string, PartnerData> {
  return generateRegionWithChildren(seed, scale, orgs).partners;
}

/** The rows and the children they are about (whose age and buurt the partners' exports write as a date of birth and an address). */
export function generateRegionWithChildren(
  seed = DEFAULT_SEED,
  scale = 1,
  orgs = PARTNER_IDS,
): { children: Child[]; partners: Record<string, PartnerData> } {
  const children = childPopulation(seed, scale);
  const random = new SeededRandom(seed);
  const streams = Object.fromEntries(PARTNER_IDS.map((org) => [org, random.fork(org)]));
  const partners = Object.fromEntries(
    orgs.map((org) => {
      const partner = PARTNERS[org];
      if (!partner) throw new Error(`no seed data for organisation "${org}"`);
      return [org, partner(children, streams[org])];
    }),
  );
  // Team op Maat's effect on youth care needs the school board's pupils, whether or not its rows are asked for.
  if (partners.sterkhuis) {
    const pupils = (partners.schoolbestuur ?? schoolbestuurData(children, streams.schoolbestuur)).pupils;
    partners.sterkhuis = plantTeamOpMaat(partners.sterkhuis, pupils, random.fork('team-op-maat'));
  }
  return { children, partners };
}
