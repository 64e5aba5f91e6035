/**
 * How both drivers read three column types. Calendar dates stay 'YYYY-MM-DD' strings end to end: a
 * driver would otherwise build a JS Date at local midnight, which shifts the day under a non-UTC
 * TZ. Counts (bigint) become numbers; none of ours comes near 2^53. `json` columns (not `jsonb`)
 * come back as their text, which is why they are `json`: externalMetadata is parsed keeping every
 * number as written (the driver's JSON.parse would round 12345678901234567890 and turn 1e400 into
 * null), and task explanations are parsed where they are read.
 */
export const DATE_OID = 1082;
export const INT8_OID = 20;
export const JSON_OID = 114;
