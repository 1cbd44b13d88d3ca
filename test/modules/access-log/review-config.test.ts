import { loadConfig } from '../../../src/config/config';

describe('access-log review settings', () => {
  it('has defaults a district can start with', () => {
    expect(loadConfig({})).toMatchObject({
      ACCESS_LOG_RETENTION_DAYS: 180,
      ACCESS_LOG_MAINTENANCE_MINUTES: 60,
      ACCESS_LOG_TIMEZONE: 'Asia/Shanghai',
      ACCESS_LOG_WORKING_HOURS: '07:00-20:00',
      ACCESS_LOG_BULK_READ_SUBJECTS: 50,
      ACCESS_LOG_BULK_READ_MINUTES: 10,
      ACCESS_LOG_DENIED_BURST: 5,
      ACCESS_LOG_DENIED_BURST_MINUTES: 10,
    });
  });

  it('names each invalid setting', () => {
    expect(() => loadConfig({ ACCESS_LOG_TIMEZONE: 'Mars/Olympus' })).toThrow(/ACCESS_LOG_TIMEZONE/);
    expect(() => loadConfig({ ACCESS_LOG_WORKING_HOURS: '7-20' })).toThrow(/ACCESS_LOG_WORKING_HOURS/);
    expect(() => loadConfig({ ACCESS_LOG_DENIED_BURST: '1' })).toThrow(/ACCESS_LOG_DENIED_BURST/);
    expect(() => loadConfig({ ACCESS_LOG_RETENTION_DAYS: '90' })).toThrow(/ACCESS_LOG_RETENTION_DAYS/);
  });

  it('accepts working hours across midnight, for a night shift', () => {
    expect(loadConfig({ ACCESS_LOG_WORKING_HOURS: '22:00-06:00' }).ACCESS_LOG_WORKING_HOURS).toBe('22:00-06:00');
  });
});
