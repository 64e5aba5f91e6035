/**
 * Reading a stored task's explanation: rendered from its placement, returned as stored when an
 * earlier version stored the rendered form, and still readable when the zone is unknown.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explain, readExplanation, taskLabel, type Placement } from '../../src/scheduling/explanation.ts';

const placement: Placement = {
  label: 'Attempt 2 of 10',
  preferred: Date.parse('2026-11-27T00:30:00Z'),
  zone: 'America/Phoenix',
  range: '17:30–19:30',
  at: Date.parse('2026-11-27T15:00:00Z'),
  pastPreferred: false,
  reasons: [{ code: 'FEDERAL_HOLIDAY', rule: 'Company policy (5 USC 6103)', zone: 'America/Phoenix', detail: 'Thanksgiving Day' }],
  candidateZones: ['America/Phoenix'],
  jurisdictions: ['AZ'],
};

describe('readExplanation', () => {
  it('renders a stored placement, through JSON, exactly as explain does', () => {
    const stored: unknown = JSON.parse(JSON.stringify(placement));
    const explanation = readExplanation(stored);
    assert.deepEqual(explanation, explain(placement));
    assert.equal(
      explanation.summary,
      'Attempt 2 of 10: preferred 2026-11-26 17:30 America/Phoenix (range 17:30–19:30); moved to 2026-11-27 08:00 America/Phoenix, the earliest lawful instant, because: FEDERAL_HOLIDAY (Company policy (5 USC 6103)).',
    );
    assert.deepEqual(explanation.preferred, { at: '2026-11-27T00:30:00.000Z', local: '2026-11-26 17:30', zone: 'America/Phoenix' });
    assert.equal(explanation.moved, true);
  });

  it('names a rule once in the sentence when it failed in several zones, and keeps each zone in blockedBy', () => {
    const sunday = { code: 'SUNDAY' as const, rule: 'Company policy', detail: 'Sunday' };
    const twoZones: Placement = {
      ...placement,
      candidateZones: ['America/Chicago', 'America/Denver'],
      reasons: [
        { ...sunday, zone: 'America/Chicago' },
        { ...sunday, zone: 'America/Denver' },
      ],
    };
    const explanation = explain(twoZones);
    assert.match(explanation.summary, /because: SUNDAY \(Company policy\)\.$/);
    assert.equal(explanation.blockedBy.length, 2);
  });

  it('returns an explanation stored in rendered form as it is', () => {
    const rendered = { ...explain(placement), summary: 'as an earlier version wrote it' };
    assert.deepEqual(readExplanation(JSON.parse(JSON.stringify(rendered))), rendered);
  });

  it('still explains a placement whose zone the server does not know', () => {
    const explanation = readExplanation({ ...placement, zone: 'Mars/Olympus_Mons' });
    assert.match(explanation.summary, /^Attempt 2 of 10: placed at 2026-11-27T15:00:00.000Z;.*Mars\/Olympus_Mons/);
    assert.deepEqual(explanation.blockedBy, placement.reasons);
  });
});

describe('a re-checked task keeps its name', () => {
  it('says the task was re-checked after its name', () => {
    const summary = explain({ ...placement, recheck: 'at dial time' }).summary;
    assert.match(summary, /^Attempt 2 of 10 \(re-checked at dial time\): preferred 2026-11-26 17:30/);
  });

  it('reads the name of a stored task, including one an earlier version wrote with the re-check in it', () => {
    const stored = (label: string) => JSON.stringify({ ...placement, label });
    assert.equal(taskLabel({ kind: 'cadence', explanation: stored('Attempt 2 of 10') }), 'Attempt 2 of 10');
    assert.equal(taskLabel({ kind: 'cadence', explanation: JSON.stringify({ ...placement, recheck: 'at dial time' }) }), 'Attempt 2 of 10');
    assert.equal(taskLabel({ kind: 'cadence', explanation: stored('Attempt 2 of 10 (re-checked after a recorded contact)') }), 'Attempt 2 of 10');
    assert.equal(taskLabel({ kind: 'callback', explanation: stored('Requested callback (re-checked after the schedule was rebuilt)') }), 'Requested callback');
  });

  it('names by kind a task whose name an earlier version replaced, or never stored', () => {
    const stored = (label: string) => JSON.stringify({ ...placement, label });
    assert.equal(taskLabel({ kind: 'cadence', explanation: stored('Re-checked at dial time') }), 'Planned attempt');
    assert.equal(taskLabel({ kind: 'cadence', explanation: stored('Pending attempt 3 (re-checked after a recorded contact)') }), 'Planned attempt');
    assert.equal(taskLabel({ kind: 'callback', explanation: JSON.stringify(explain(placement)) }), 'Requested callback');
    assert.equal(taskLabel({ kind: 'cadence', explanation: 'null' }), 'Planned attempt');
  });
});
