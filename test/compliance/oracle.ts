/**
 * A brute-force restatement of call-compliance.md §3, written separately from the engine and as
 * plainly as possible: local dates straight from Intl.formatToParts, counts by looping over every
 * window, holidays from a typed-in list. It is slow and that is fine; it only has to be obviously
 * right. Property tests compare the engine with it.
 *
 * Scope: the facts the property tests generate (canonical zone names, numeric instants).
 */
import type { CallFacts, ContactEvent, Policy } from '../../src/compliance/types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Federal holidays and observed days, typed in from OPM's published calendars (2025–2028). */
const HOLIDAYS = new Set([
  '2025-01-01',
  '2025-01-20',
  '2025-02-17',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-10-13',
  '2025-11-11',
  '2025-11-27',
  '2025-12-25',
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-07-04',
  '2026-09-07',
  '2026-10-12',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-05-31',
  '2027-06-18',
  '2027-06-19',
  '2027-07-04',
  '2027-07-05',
  '2027-09-06',
  '2027-10-11',
  '2027-11-11',
  '2027-11-25',
  '2027-12-24',
  '2027-12-25',
  '2027-12-31',
  '2028-01-01',
  '2028-01-17',
  '2028-02-21',
  '2028-05-29',
  '2028-06-19',
  '2028-07-04',
  '2028-09-04',
  '2028-10-09',
  '2028-11-10',
  '2028-11-11',
  '2028-11-23',
  '2028-12-25',
]);

interface Local {
  date: string;
  dayIndex: number;
  minutes: number;
  weekday: string;
}
const formatters = new Map<string, Intl.DateTimeFormat>();
const localCache = new Map<string, Map<number, Local>>();

/** Local date, day index, minute of day (with fraction) and weekday of instant t in zone. */
export function local(zone: string, t: number): Local {
  let perZone = localCache.get(zone);
  if (!perZone) {
    perZone = new Map();
    localCache.set(zone, perZone);
  }
  const hit = perZone.get(t);
  if (hit) return hit;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  const dayIndex = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / DAY;
  const minutes = Number(p.hour) * 60 + Number(p.minute) + Number(p.second) / 60 + (t % 1000) / 60000;
  const value = { date, dayIndex, minutes, weekday: p.weekday! };
  if (perZone.size > 100_000) perZone.clear();
  perZone.set(t, value);
  return value;
}

function hhmm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
}

interface E {
  at: number;
  out: boolean;
  channel: string;
  loans: readonly string[] | null;
  phone: string | null;
  work: boolean;
  outcome: string;
  consented: boolean;
  grantedAt: number | null;
  scope: readonly string[] | null;
}

function about(e: E, debt: string | null): boolean {
  return debt === null || e.loans === null || e.loans.includes(debt);
}

/**
 * A direct prior consent given at `grantedAt` still covers a call at `t` (12 CFR 1006.14(b)(3)(i);
 * call-compliance.md §3.6): t is not before the grant, falls on the grant's local date or one of
 * the six after it in every candidate zone, and in strict mode (or with no zone) is less than 168
 * hours after it.
 */
function consentCovers(grantedAt: number | null, t: number, zones: string[], strict: boolean): boolean {
  if (grantedAt === null || t < grantedAt) return false;
  if ((strict || zones.length === 0) && t - grantedAt >= 7 * DAY) return false;
  return zones.every((z) => local(z, t).dayIndex <= local(z, grantedAt).dayIndex + 6);
}

function inScope(scope: readonly string[] | null, debt: string | null): boolean {
  return scope === null || (debt !== null && scope.includes(debt));
}

/**
 * State artificial-voice (ADAD) statutes: consent, a live operator first, or (MN, IN) a current
 * business relationship (call-compliance.md S15).
 */
const ARTIFICIAL_VOICE: Record<string, { code: string; businessRelationship: boolean }> = {
  MN: { code: 'MN_ARTIFICIAL_VOICE', businessRelationship: true },
  IN: { code: 'IN_ARTIFICIAL_VOICE', businessRelationship: true },
  MS: { code: 'MS_ARTIFICIAL_VOICE', businessRelationship: false },
  MT: { code: 'MT_ARTIFICIAL_VOICE', businessRelationship: false },
};

/** States whose law holds creditors to the FDCPA (Cal. Civ. Code 1788.17; Md. Code, Com. Law 14-202(11)). */
const CREDITOR_FDCPA = ['CA', 'MD'];

/**
 * Is there a window of `days` consecutive local days (in some zone) or, in strict mode, of
 * `days`×24 h, containing t, that holds at least `cap` of the given contacts?
 */
function overCap(events: E[], t: number, zones: string[], days: number, cap: number, strict: boolean): boolean {
  for (const z of zones) {
    const D = local(z, t).dayIndex;
    for (let k = 0; k < days; k++) {
      const lo = D - days + 1 + k;
      const hi = D + k;
      let n = 0;
      for (const e of events) {
        const d = local(z, e.at).dayIndex;
        if (d >= lo && d <= hi) n++;
      }
      if (n + 1 > cap) return true;
    }
  }
  return strict && overRolling(events, t, days * DAY, cap);
}

/** Is there a window of `W` ms containing t that holds at least `cap` of the given contacts? */
function overRolling(events: E[], t: number, W: number, cap: number): boolean {
  // Windows [a, a + W) containing t; the count only changes where a passes c + 1 or c - W + 1.
  const starts = new Set<number>([t - W + 1, t]);
  for (const e of events) {
    for (const a of [e.at + 1, e.at - W + 1]) if (a >= t - W + 1 && a <= t) starts.add(a);
  }
  for (const a of starts) {
    let n = 0;
    for (const e of events) if (e.at >= a && e.at < a + W) n++;
    if (n + 1 > cap) return true;
  }
  return false;
}

/** States that ban telephone solicitations on Sundays and legal holidays (call-compliance.md S16). */
const TELEMARKETING_DAY_BANS = ['AL', 'LA', 'MS', 'RI', 'UT'];

/**
 * The telemarketing rules a marketing call gets (call-compliance.md F3, S1b, S16; 47 CFR
 * 64.1200(c)(2)): the company enabled marketing; the registry (status not stated = registered)
 * unless a business relationship; 08:00–21:00 everywhere and 08:00–20:00 with Florida; no Sunday
 * or federal holiday with AL, LA, MS, RI or UT; at most 3 attempts in any 24 hours with Florida.
 */
function telemarketing(facts: CallFacts, t: number, policy: Policy, zones: string[], states: Set<string>, events: E[], codes: Set<string>): void {
  if (!policy.marketingCalls) codes.add('MARKETING_NOT_ENABLED');
  if (!policy.businessRelationship && facts.nationalDncRegistered !== false) codes.add('NATIONAL_DNC_REGISTRY');
  const florida = states.has('FL');
  const dayBan = TELEMARKETING_DAY_BANS.some((s) => states.has(s));
  for (const z of zones) {
    const l = local(z, t);
    if (l.minutes < 8 * 60 || l.minutes >= 21 * 60) codes.add('TCPA_TELEMARKETING_HOURS');
    if (florida && (l.minutes < 8 * 60 || l.minutes >= 20 * 60)) codes.add('FL_TELEMARKETING_HOURS');
    if (dayBan && l.weekday === 'Sun') codes.add('STATE_TELEMARKETING_SUNDAY');
    if (dayBan && HOLIDAYS.has(l.date)) codes.add('STATE_TELEMARKETING_HOLIDAY');
  }
  if (
    florida &&
    overRolling(
      events.filter((e) => e.out && e.channel === 'call'),
      t,
      DAY,
      3,
    )
  )
    codes.add('FL_TELEMARKETING_CAP');
}

export interface OracleVerdict {
  allowed: boolean;
  codes: Set<string>;
}

export function oracle(facts: CallFacts, t: number, policy: Policy): OracleVerdict {
  const codes = new Set<string>();
  const zones: string[] = [];
  for (const z of [...(facts.addressTimezones ?? []), facts.timezone ?? null, ...(facts.phoneTimezones ?? [])]) {
    if (z && !zones.includes(z)) zones.push(z);
  }
  const events: E[] = (facts.history ?? []).map((h: ContactEvent) => ({
    at: h.at as number,
    out: h.direction === 'outbound',
    channel: h.channel,
    loans: h.loanIds && h.loanIds.length > 0 ? h.loanIds : null,
    phone: h.phoneNumber ?? null,
    work: h.isWorkNumber === true,
    outcome: h.outcome,
    consented: h.consented === true,
    grantedAt: h.consentGrantedAt === undefined || h.consentGrantedAt === null ? null : (h.consentGrantedAt as number),
    scope: h.consentLoanIds && h.consentLoanIds.length > 0 ? h.consentLoanIds : null,
  }));
  const strict = policy.mode === 'strict';
  const named = [...(facts.loanId ? [facts.loanId] : []), ...(facts.loanIds ?? [])];
  const debts: (string | null)[] = named.length > 0 ? [...new Set(named)] : [null];
  const states = new Set<string>();
  for (const s of [facts.addressState, facts.phoneState, ...(facts.otherStates ?? [])]) {
    if (s && !['AA', 'AE', 'AP'].includes(s.toUpperCase())) states.add(s.toUpperCase());
  }
  if (facts.addressInNyc || facts.phoneInNyc) {
    states.add('NY');
    states.add('NYC');
  }

  if (zones.length === 0) codes.add('UNKNOWN_LOCATION');
  if (facts.doNotCall) codes.add('DO_NOT_CALL');
  if (!facts.tcpaConsent && facts.lineType !== 'landline') codes.add('TCPA_NO_CONSENT_WIRELESS');
  for (const [state, statute] of Object.entries(ARTIFICIAL_VOICE)) {
    if (!states.has(state) || !policy.artificialVoice || facts.tcpaConsent || policy.liveOperatorIntro) continue;
    if (statute.businessRelationship && policy.businessRelationship) continue;
    codes.add(statute.code);
  }

  const start = 8 * 60 + policy.startBufferMinutes;
  const end = 21 * 60 - policy.endBufferMinutes;
  for (const z of zones) {
    const l = local(z, t);
    if (!(l.minutes >= start && l.minutes < end)) codes.add('OUTSIDE_CALLING_HOURS');
    if (policy.blockSundays && l.weekday === 'Sun') codes.add('SUNDAY');
    if (policy.blockHolidays && HOLIDAYS.has(l.date)) codes.add('FEDERAL_HOLIDAY');
  }

  for (const w of facts.blockedWindows ?? []) {
    const s = hhmm(w.start);
    const e = hhmm(w.end) % 1440;
    for (const z of w.timezone ? [w.timezone] : zones) {
      const m = local(z, t).minutes;
      const inside = s === e ? true : s < e ? m >= s && m < e : m >= s || m < e;
      if (inside) codes.add('CONSUMER_BLOCKED_TIME');
    }
  }

  const attempts = events.filter((e) => e.out && e.channel === 'call');
  if (policy.minGapMinutes > 0 && attempts.some((e) => Math.abs(t - e.at) < policy.minGapMinutes * MIN)) codes.add('MIN_GAP');
  if (policy.dailyCapPerPerson !== null) {
    for (const z of zones) {
      const today = local(z, t).dayIndex;
      const n = attempts.filter((e) => local(z, e.at).dayIndex === today).length;
      if (n + 1 > policy.dailyCapPerPerson) codes.add('DAILY_CAP');
    }
  }

  const regFBinds = policy.callerType === 'collector' || policy.regFForCreditors || CREDITOR_FDCPA.some((s) => states.has(s));
  const callGrant = facts.consented && facts.consentGrantedAt !== undefined && facts.consentGrantedAt !== null ? (facts.consentGrantedAt as number) : null;
  const callScope = facts.consentLoanIds && facts.consentLoanIds.length > 0 ? facts.consentLoanIds : null;
  for (const debt of debts) {
    const excused = inScope(callScope, debt) && consentCovers(callGrant, t, zones, strict);
    if (regFBinds && !excused) {
      const countable = events.filter(
        (e) =>
          e.out &&
          e.channel === 'call' &&
          e.outcome !== 'not_connected' &&
          !(e.consented && inScope(e.scope, debt) && consentCovers(e.grantedAt, e.at, zones, strict)) &&
          about(e, debt),
      );
      if (overCap(countable, t, zones, 7, 7, strict)) codes.add('REG_F_7_IN_7_CALLS');
      for (const v of events) {
        if (v.channel !== 'call' || v.outcome !== 'conversation' || !about(v, debt) || v.at > t) continue;
        if (strict && t - v.at < 7 * DAY) codes.add('REG_F_7_IN_7_CONVERSATION');
        for (const z of zones) {
          const dv = local(z, v.at).dayIndex;
          const dt = local(z, t).dayIndex;
          if (dv <= dt && dt <= dv + 6) codes.add('REG_F_7_IN_7_CONVERSATION');
        }
      }
    }
    if (states.has('MA')) {
      const work = facts.isWorkNumber === true;
      const list = events.filter(
        (e) => e.out && (e.channel === 'call' || e.channel === 'sms') && e.outcome !== 'not_connected' && e.work === work && about(e, debt),
      );
      if (overCap(list, t, zones, work ? 30 : 7, 2, strict)) codes.add(work ? 'MA_WORK_CAP' : 'MA_HOME_CAP');
    }
    if (states.has('DC')) {
      const list = events.filter((e) => e.out && e.channel === 'call' && about(e, debt));
      if (overCap(list, t, zones, 7, 4, strict)) codes.add('DC_CAP');
    }
    if (states.has('NYC') && t >= Date.UTC(2026, 8, 1, 4)) {
      const list = events.filter((e) => e.out && about(e, debt));
      if (overCap(list, t, zones, 7, 3, strict)) codes.add('NYC_CAP');
    }
  }
  if (!facts.tcpaConsent && facts.lineType === 'landline') {
    const list = events.filter((e) => e.out && e.channel === 'call' && (e.phone === null || !facts.phoneNumber || e.phone === facts.phoneNumber));
    if (overCap(list, t, zones, 30, 3, strict)) codes.add('TCPA_LANDLINE_CAP');
  }
  if (states.has('WA') && policy.waLicensed) {
    if (
      overCap(
        events.filter((e) => e.out && e.outcome !== 'not_connected'),
        t,
        zones,
        7,
        3,
        strict,
      )
    )
      codes.add('WA_CAP');
    if (facts.isWorkNumber) {
      const list = events.filter((e) => e.out && e.channel === 'call' && e.work && e.outcome !== 'not_connected');
      if (overCap(list, t, zones, 7, 1, strict)) codes.add('WA_WORK_CAP');
    }
  }
  if (states.has('WV')) {
    if (
      overCap(
        events.filter((e) => e.out && e.channel === 'call'),
        t,
        zones,
        7,
        30,
        strict,
      )
    )
      codes.add('WV_CALL_CAP');
    if (
      overCap(
        events.filter((e) => e.channel === 'call' && e.outcome === 'conversation'),
        t,
        zones,
        7,
        10,
        strict,
      )
    ) {
      codes.add('WV_CONVERSATION_CAP');
    }
  }
  if (facts.purpose === 'marketing') telemarketing(facts, t, policy, zones, states, events, codes);
  return { allowed: codes.size === 0, codes };
}

/** First minute-aligned instant in [from, from + horizon] the oracle allows, or null. */
export function oracleNextAllowed(facts: CallFacts, from: number, policy: Policy, horizon: number): number | null {
  for (let t = from; t <= from + horizon; t += MIN) if (oracle(facts, t, policy).allowed) return t;
  return null;
}
