/**
 * Correlation: every connector puts our ids in the provider's echo field under the same names
 * (Retell `metadata`, Vapi `assistantOverrides.metadata`, Twilio's callback and TwiML URL query),
 * so a webhook or a lookup leads back to the task — and one reader finds which company an
 * unverified webhook claims to be for, whose credentials then check its signature. A forged hint
 * only picks the key a forgery is checked against. Pure.
 */
export const CORRELATION_KEYS = { companyId: 'callwise_company_id', taskId: 'callwise_task_id', customerId: 'callwise_customer_id' } as const;
const COMPANY_ID_KEY = CORRELATION_KEYS.companyId;

const MAX_DEPTH = 8;

function findKey(value: unknown, depth: number): string | null {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 50)) {
      const found = findKey(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  const direct = record[COMPANY_ID_KEY];
  if (typeof direct === 'string' && direct !== '') return direct;
  for (const child of Object.values(record)) {
    const found = findKey(child, depth + 1);
    if (found) return found;
  }
  return null;
}

export function webhookCompanyHint(request: {
  readonly rawBody: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}): string | null {
  const query = new URL(request.url, 'http://callwise.invalid').searchParams.get(COMPANY_ID_KEY);
  if (query) return query;
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return new URLSearchParams(request.rawBody).get(COMPANY_ID_KEY);
  try {
    return findKey(JSON.parse(request.rawBody) as unknown, 0);
  } catch {
    return null;
  }
}
