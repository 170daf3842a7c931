import { maintenanceIntervalMs } from './pool.maintenance';

describe('maintenanceIntervalMs', () => {
  const config = { heartbeatIntervalMs: 700, maintenanceIntervalMs: 250 };

  it('a node alone heartbeats on its heartbeat interval', () => {
    expect(maintenanceIntervalMs(config, { node: true, coordinator: false })).toBe(700);
  });

  it('a master alone decides on the maintenance interval', () => {
    expect(maintenanceIntervalMs(config, { node: false, coordinator: true })).toBe(250);
    expect(maintenanceIntervalMs({ ...config, maintenanceIntervalMs: 2000 }, { node: false, coordinator: true })).toBe(2000);
  });

  it('a standalone pool runs at the shorter of the two', () => {
    expect(maintenanceIntervalMs(config, { node: true, coordinator: true })).toBe(250);
    expect(maintenanceIntervalMs({ heartbeatIntervalMs: 100, maintenanceIntervalMs: 500 }, { node: true, coordinator: true })).toBe(100);
  });
});
