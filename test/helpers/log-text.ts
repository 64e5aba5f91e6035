/**
 * The strings of a parsed log entry a client could have put there — every key and every string or
 * number value — but not its time, request ids, process or port, which are random or ours.
 */
export function textValues(value: unknown, key = '', out: string[] = []): string[] {
  if (['reqId', 'requestId', 'time', 'pid', 'hostname', 'responseTime', 'port'].includes(key)) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      textValues(v, k, out);
    }
  }
  return out;
}
