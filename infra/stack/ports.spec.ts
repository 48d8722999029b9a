import { DEV_PORT_SETTINGS, freeDevPorts } from './ports.js';

describe('the ports of an embedded stack', () => {
  it('gives every setting its own port, and keeps the ones given', async () => {
    for (let run = 0; run < 20; run++) {
      const ports = await freeDevPorts({ PORT: '3999' });
      expect(ports.PORT).toBe(3999);
      const values = DEV_PORT_SETTINGS.map((key) => ports[key]);
      expect(new Set(values).size).toBe(DEV_PORT_SETTINGS.length);
    }
  });
});
