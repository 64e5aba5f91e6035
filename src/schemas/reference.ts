/** GET /reference/zip/{zipCode} and GET /reference/area-codes/{areaCode}: the lookups the compliance engine uses. */
import { Type } from 'typebox';

export const ZipParams = Type.Object({
  zipCode: Type.String({ maxLength: 20, description: 'A 5-digit ZIP, ZIP+4 (12345-6789) or 9 digits.', examples: ['10001'] }),
});

export const AreaCodeParams = Type.Object({
  areaCode: Type.String({ maxLength: 10, description: 'A 3-digit NANP area code (first digit 2–9).', examples: ['212'] }),
});

export const ZipResponse = Type.Object(
  {
    zipCode: Type.String({ description: 'The 5-digit ZIP.' }),
    state: Type.Union([Type.String(), Type.Null()], { description: 'USPS code: a state, DC, a territory, or AA/AE/AP for military ZIPs.' }),
    timezones: Type.Array(Type.String(), {
      description: 'Every IANA zone the ZIP may be in (more than one when it straddles a zone line or the sources disagree); empty for military ZIPs.',
    }),
    confidence: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low'), Type.Literal('none')], {
      description:
        'high: two sources agree (or one agrees with a single-zone state); medium: one source, an area that crosses a zone line (or one within a few km of it), or a reviewed de-facto case; low: the sources disagree and all their zones are listed; none: military, location unknowable.',
    }),
  },
  { examples: [{ zipCode: '86515', state: 'AZ', timezones: ['America/Denver'], confidence: 'high' }] },
);

export const AreaCodeResponse = Type.Object(
  {
    areaCode: Type.String(),
    state: Type.Union([Type.String(), Type.Null()], {
      description: 'USPS code of the state or territory the area code serves; null for non-geographic codes.',
    }),
    timezones: Type.Array(Type.String(), { description: "Every IANA zone the area code's exchanges are in; empty for non-geographic codes." }),
    geographic: Type.Boolean({
      description: 'False for toll-free (8XX), personal (5XX), premium (900) and service codes: they say nothing about where the consumer is.',
    }),
  },
  { examples: [{ areaCode: '907', state: 'AK', timezones: ['America/Anchorage', 'America/Juneau', 'America/Adak'], geographic: true }] },
);
