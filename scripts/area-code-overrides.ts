// Reviewed corrections to the generated area code (NPA) → time zone table, applied by
// scripts/generate-area-codes.ts. Sources: shared/reference/call-compliance.md §4 (the table of
// multi-zone NPAs and "Known data errors"), shared/reference/zip-tz-phone.md §6.2.
//
// Google's libphonenumber timezone map is coarse (New_York rather than Indiana or Detroit subzones)
// and lists overlays with a single zone. The corrections below are applied in this order:
//   1. STATE_ZONE_NAMES   – name the state's own tzdata zone where the map uses the generic one
//   2. NPA_OVERRIDES      – per-NPA replace / add / remove, or a new NPA the metadata lacks
//   3. OVERLAY_GROUPS     – an overlay serves the same area as its parent: every member gets the union
//   4. NON_GEOGRAPHIC     – NANP codes that are not places (in addition to the types libphonenumber-js
//                           reports as toll-free, premium-rate or personal)

export type NpaOverride = {
  npa: string;
  /** Replaces the zone set. */
  timezones?: readonly [string, ...string[]];
  add?: readonly string[];
  remove?: readonly string[];
  /** For an NPA the metadata does not know yet. */
  state?: string;
  reason: string;
};

/** Same UTC offsets today, but the specific tzdata zone is what the ZIP data uses for that state,
 *  so a phone zone and an address zone compare by name. */
export const STATE_ZONE_NAMES: ReadonlyArray<{ state: string; rename: Readonly<Record<string, string>>; reason: string }> = [
  {
    state: 'IN',
    rename: { 'America/New_York': 'America/Indiana/Indianapolis' },
    reason: "Indiana's Eastern-time counties use tzdata's America/Indiana/* zones (call-compliance.md §4 table).",
  },
  {
    state: 'MI',
    rename: { 'America/New_York': 'America/Detroit', 'America/Chicago': 'America/Menominee' },
    reason:
      "Michigan's Eastern time is America/Detroit; its Central-time counties (Gogebic, Iron, Dickinson, Menominee) are America/Menominee (call-compliance.md §4 table and ZIP notes).",
  },
];

export const NPA_OVERRIDES: readonly NpaOverride[] = [
  {
    npa: '689',
    timezones: ['America/New_York'],
    reason: 'Orlando FL overlay (Eastern); libphonenumber maps it to America/Chicago since commit c999f56, 2019 (call-compliance.md §4).',
  },
  {
    npa: '907',
    remove: ['Pacific/Honolulu'],
    add: ['America/Anchorage', 'America/Adak'],
    reason:
      'Alaska: Anchorage/Juneau (and Sitka, Nome, Yakutat, Metlakatla, same offsets) plus America/Adak west of 169°30′W; the map also lists Pacific/Honolulu, which no part of Alaska uses (zip-tz-phone.md §6.2).',
  },
  {
    npa: '915',
    timezones: ['America/Denver', 'America/Chicago'],
    reason: 'El Paso/Hudspeth TX are Mountain; NANPA lists 915 as CM, and keeping Central is the conservative choice (call-compliance.md §4).',
  },
  {
    npa: '541',
    timezones: ['America/Los_Angeles', 'America/Boise'],
    reason:
      "Oregon: Pacific, plus Malheur Co. on Mountain time, whose tzdata zone is America/Boise (the map's America/Denver has the same offsets; call-compliance.md §4).",
  },
  {
    npa: '931',
    add: ['America/New_York'],
    reason: 'Middle Tennessee: NANPA lists 931 as EC (Eastern counties on the Cumberland Plateau); libphonenumber has Central only (call-compliance.md §4).',
  },
  {
    npa: '334',
    add: ['America/New_York'],
    reason:
      'Alabama: Phenix City, Lanett and Valley keep Eastern time in practice although the state is Central (zip-tz-phone.md §6.2; tzdata northamerica comments).',
  },
  {
    npa: '729',
    state: 'TN',
    reason: 'New overlay of 423 (east Tennessee), in service before libphonenumber and its metadata list it (call-compliance.md §4).',
  },
];

/** Overlays: the new code covers its parent's area, so all members share the union of zones.
 *  libphonenumber lists 364, 448, 458 and 930 with a single zone (zip-tz-phone.md §6.2). */
export const OVERLAY_GROUPS: ReadonlyArray<{ npas: readonly string[]; reason: string }> = [
  { npas: ['208', '986'], reason: 'Idaho (986 overlays 208): Boise and Pacific-time north Idaho.' },
  { npas: ['541', '458'], reason: 'Oregon (458 overlays 541): Pacific plus Malheur Co. (Boise).' },
  { npas: ['270', '364'], reason: 'Western Kentucky (364 overlays 270): mostly Central, some Eastern counties.' },
  { npas: ['812', '930'], reason: 'Southern Indiana (930 overlays 812): Eastern plus the Central SW counties.' },
  { npas: ['850', '448'], reason: 'Florida panhandle (448 overlays 850): Pensacola/Panama City Central, Tallahassee Eastern.' },
  { npas: ['423', '729'], reason: 'East Tennessee (729 overlays 423): Eastern plus Central counties.' },
];

/** NANP codes that are not geographic, beyond those libphonenumber-js types as toll-free,
 *  premium-rate (900) or personal (5XX). Sources: NANPA's list of special-use NPA codes. */
export const NON_GEOGRAPHIC: ReadonlyArray<{ npas: readonly string[]; reason: string }> = [
  { npas: ['211', '311', '411', '511', '611', '711', '811', '911'], reason: 'N11 service codes, never area codes.' },
  { npas: ['456'], reason: 'Inbound international carrier services.' },
  { npas: ['700'], reason: 'Interexchange carrier services.' },
  { npas: ['710'], reason: 'US government (GETS).' },
];
