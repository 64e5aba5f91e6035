/**
 * USPS codes accepted for a US borrower: the 50 states, DC, the inhabited territories and the
 * military "states" (zip-tz-phone.md §8: territories and AA/AE/AP must be allowed in addition).
 */
export const USPS_NAMES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
  GU: 'Guam',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
  AA: 'Armed Forces Americas',
  AE: 'Armed Forces Europe',
  AP: 'Armed Forces Pacific',
};

function nameKey(name: string): string {
  return name.toLowerCase().replace(/[.]/g, '').replace(/\s+/g, ' ').trim();
}

const BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(USPS_NAMES).map(([code, name]) => [nameKey(name), code] as const),
  // Spellings lenders type for the places whose official names are long or punctuated.
  ['washington dc', 'DC'],
  ['washington, dc', 'DC'],
  ['virgin islands', 'VI'],
  ['us virgin islands', 'VI'],
  ['united states virgin islands', 'VI'],
  ['northern marianas', 'MP'],
  ['commonwealth of the northern mariana islands', 'MP'],
  ['commonwealth of puerto rico', 'PR'],
]);

export function uspsFromName(name: string): string | undefined {
  return BY_NAME.get(nameKey(name)) ?? BY_NAME.get(nameKey(name).replace(/,/g, ''));
}

export function isUspsCode(code: string): boolean {
  return Object.hasOwn(USPS_NAMES, code);
}
