/**
 * A task's explanation as the API renders it (src/scheduling/explanation.ts): the schema leaves it
 * an open object, so it is read field by field here and anything missing shows as absent.
 */
export interface Reason {
  readonly code: string;
  readonly rule: string;
  readonly zone?: string;
  readonly detail?: string;
}

export interface Explanation {
  readonly summary: string;
  readonly preferred: { readonly at: string; readonly local: string; readonly zone: string } | null;
  readonly moved: boolean;
  readonly blockedBy: readonly Reason[];
  readonly candidateZones: readonly string[];
  readonly jurisdictions: readonly string[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function readExplanation(value: Record<string, unknown>): Explanation {
  const preferred = value.preferred as Explanation['preferred'] | undefined;
  return {
    summary: typeof value.summary === 'string' ? value.summary : '',
    preferred: preferred && typeof preferred.at === 'string' ? preferred : null,
    moved: value.moved === true,
    blockedBy: Array.isArray(value.blockedBy) ? (value.blockedBy as Reason[]).filter((r) => typeof r?.code === 'string') : [],
    candidateZones: strings(value.candidateZones),
    jurisdictions: strings(value.jurisdictions),
  };
}
