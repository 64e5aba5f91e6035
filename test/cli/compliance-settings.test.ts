import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSettings, parseSettingsOptions } from '../../src/cli/compliance-settings.ts';
import { DomainError } from '../../src/domain/errors.ts';

describe('callwise company settings', () => {
  it('turns options into policy overrides and number assumptions', () => {
    assert.deepEqual(
      parseSettingsOptions({
        callerType: 'creditor',
        mode: 'calendar',
        blockSundays: 'off',
        blockHolidays: 'on',
        startBuffer: '30',
        endBuffer: '0',
        dailyCap: 'none',
        minGap: '90',
        waLicensed: 'off',
        regFForCreditors: 'on',
        artificialVoice: 'on',
        liveOperatorIntro: 'off',
        businessRelationship: 'on',
        marketingCalls: 'on',
        assumeTcpaConsent: 'off',
        lineType: 'landline',
      }),
      {
        policy: {
          callerType: 'creditor',
          mode: 'calendar',
          blockSundays: false,
          blockHolidays: true,
          startBufferMinutes: 30,
          endBufferMinutes: 0,
          dailyCapPerPerson: null,
          minGapMinutes: 90,
          waLicensed: false,
          regFForCreditors: true,
          artificialVoice: true,
          liveOperatorIntro: false,
          businessRelationship: true,
          marketingCalls: true,
        },
        assumeTcpaConsent: false,
        defaultLineType: 'landline',
      },
    );
  });

  it("'default' removes an override (an undefined value, which is not stored)", () => {
    const changes = parseSettingsOptions({ mode: 'default', dailyCap: 'default' });
    assert.deepEqual(Object.keys(changes.policy ?? {}).sort(), ['dailyCapPerPerson', 'mode']);
    assert.equal(changes.policy?.mode, undefined);
  });

  for (const [options, message] of [
    [{ mode: 'rolling' }, /--mode must be strict, calendar/],
    [{ blockSundays: 'maybe' }, /--block-sundays must be on or off/],
    [{ startBuffer: '-5' }, /--start-buffer must be a whole number/],
    [{ dailyCap: '2.5' }, /--daily-cap must be a whole number/],
    [{ lineType: 'cell' }, /--line-type must be wireless, landline, voip, unknown/],
    [{ liveOperatorIntro: 'sometimes' }, /--live-operator-intro must be on or off/],
    [{ marketingCalls: 'yes please' }, /--marketing-calls must be on or off/],
    [{}, /nothing to change/],
  ] as const) {
    it(`refuses ${JSON.stringify(options)}`, () => {
      assert.throws(
        () => parseSettingsOptions(options),
        (error: unknown) => error instanceof DomainError && message.test(error.message),
      );
    });
  }

  it('shows every effective value and whose it is', () => {
    const lines = formatSettings('cmp_1', {
      policy: { mode: 'calendar', dailyCapPerPerson: null },
      assumeTcpaConsent: false,
      attestation: null,
      defaultLineType: 'wireless',
    });
    assert.ok(lines.includes('assumeTcpaConsent    off'));
    assert.ok(lines.some((l) => /^ {2}mode +calendar +company$/.test(l)));
    assert.ok(lines.some((l) => /^ {2}dailyCapPerPerson +none +company$/.test(l)));
    assert.ok(lines.some((l) => /^ {2}endBufferMinutes +10 +default$/.test(l)));
    assert.ok(lines.some((l) => /^ {2}artificialVoice +on +default$/.test(l)));
    assert.ok(lines.some((l) => /^ {2}liveOperatorIntro +off +default$/.test(l)));
    assert.ok(lines.some((l) => /^ {2}marketingCalls +off +default$/.test(l)));
  });
});
