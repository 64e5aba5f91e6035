/**
 * Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name). The LMS webhooks answer
 * with `finosuCustomerId` / `finosuLoanId` UUIDs, but Callwise keys customers and loans by the
 * lender's own ids; deriving the UUID from (company, kind, id) gives every object one UUID
 * forever — the same on every process and every call — without storing a second key.
 */
import { createHash } from 'node:crypto';

/** Callwise's namespace for these names (a random v4 UUID chosen once; never change it). */
const CALLWISE_UUID_NAMESPACE = '6f1c2b8e-3d4a-4f5b-9c7d-2e8a1b0c9d3f';

export function uuidV5(name: string, namespace: string = CALLWISE_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The customer's UUID: stable for (company, customer id). */
export function customerUuid(companyId: string, customerId: string): string {
  return uuidV5(`customer:${companyId}:${customerId}`);
}

/** The loan's UUID: stable for (company, LMS loan id). */
export function loanUuid(companyId: string, loanId: string): string {
  return uuidV5(`loan:${companyId}:${loanId}`);
}
