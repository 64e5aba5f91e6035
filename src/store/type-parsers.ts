/**
 * How both drivers read two column types. Calendar dates stay 'YYYY-MM-DD' strings end to end: a
 * driver would otherwise build a JS Date at local midnight, which shifts the day under a non-UTC
 * TZ. Counts (bigint) become numbers; none of ours comes near 2^53.
 */
export const DATE_OID = 1082;
export const INT8_OID = 20;
