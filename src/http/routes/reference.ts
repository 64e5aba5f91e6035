/**
 * /reference: the ZIP and area-code lookups behind every compliance decision, so a lender can see
 * which zones Callwise will hold a call to. Pure in-memory lookups; no service or database.
 */
import type { App } from '../typed-app.ts';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { lookupAreaCode } from '../../reference/area-codes.ts';
import { lookupZip } from '../../reference/zip-codes.ts';
import { zip5Number } from '../../reference/zip-parse.ts';
import { problemResponses } from '../../schemas/common.ts';
import { AreaCodeParams, AreaCodeResponse, ZipParams, ZipResponse } from '../../schemas/reference.ts';

const tags = ['Reference data'];
const security = [{ apiKey: [] }];
const NPA = /^[2-9]\d{2}$/;

export function referenceRoutes(app: App): void {
  app.get(
    '/reference/zip/:zipCode',
    {
      schema: {
        tags,
        security,
        summary: 'Time zones of a ZIP code',
        description:
          'The state, every IANA zone the ZIP may be in, and how sure the data is. A ZIP on a zone line lists every zone it touches; military ZIPs (AA, AE, AP) list none, with confidence none. ZIP+4 is accepted; the answer names the 5-digit ZIP. An unknown ZIP is a 404.',
        params: ZipParams,
        response: { 200: ZipResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { zipCode } = request.params;
      if (zip5Number(zipCode) < 0) {
        throw new ValidationError([{ pointer: '/zipCode', detail: 'must be a 5-digit ZIP code or ZIP+4 (12345 or 12345-6789)' }]);
      }
      const info = lookupZip(zipCode);
      if (info === null) throw new DomainError('zip_not_found', 'No US ZIP code with this number is known (territories and military ZIPs included).');
      return { zipCode: info.zipCode, state: info.state, timezones: [...info.timezones], confidence: info.confidence };
    },
  );

  app.get(
    '/reference/area-codes/:areaCode',
    {
      schema: {
        tags,
        security,
        summary: 'Time zones of an area code',
        description:
          "The state and every IANA zone an area code serves (overlays included). Toll-free and other non-geographic codes have no state and no zones, and add nothing to a call's candidate zones. Area codes outside the US (Canada, the Caribbean) and codes not in service are a 404.",
        params: AreaCodeParams,
        response: { 200: AreaCodeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { areaCode } = request.params;
      if (!NPA.test(areaCode)) throw new ValidationError([{ pointer: '/areaCode', detail: 'must be a 3-digit area code whose first digit is 2–9' }]);
      const info = lookupAreaCode(areaCode);
      if (info === null) throw new DomainError('area_code_not_found', 'This is not a US area code in service.');
      return { areaCode: info.areaCode, state: info.state, timezones: [...info.timezones], geographic: info.geographic };
    },
  );
}
