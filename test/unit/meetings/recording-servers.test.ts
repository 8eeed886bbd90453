import { expect } from 'chai';
import type { BbbServer } from '../../../server/src/domain/meetings/bbb-server.js';
import { recordingServersOf } from '../../../server/src/domain/meetings/recording-listing.js';

const server = (id: number, fields: Partial<BbbServer> = {}): BbbServer => ({
  id,
  siteId: 1,
  name: `BBB ${id}`,
  apiUrl: `https://bbb${id}.example.org/bigbluebutton/api/`,
  secret: `secret-of-${id}`,
  checksumAlgorithm: 'sha256',
  isDefault: false,
  isActive: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...fields,
});

/** Servers 1 (site 1's default), 2 (deactivated), 3 and 4 (site 2's default). */
const known = [server(1, { isDefault: true }), server(2, { isActive: false }), server(3), server(4, { siteId: 2, isDefault: true })];
const servers = {
  findById: (id: number) => Promise.resolve(known.find((candidate) => candidate.id === id) ?? null),
  findDefault: (siteId: number) => Promise.resolve(known.find((candidate) => candidate.siteId === siteId && candidate.isDefault && candidate.isActive) ?? null),
};
const idsOf = async (meeting: { serverId: number | null; lastServerId: number | null; siteId?: number }) =>
  (await recordingServersOf(servers, { siteId: 1, ...meeting })).map((found) => found.id);

describe('the servers a meeting’s recordings may be on', () => {
  it('puts the server it last ran on first, then the one it would use now, each once', async () => {
    expect(await idsOf({ serverId: null, lastServerId: 3 })).to.deep.equal([3, 1]);
    expect(await idsOf({ serverId: 3, lastServerId: 1 })).to.deep.equal([1, 3]);
    expect(await idsOf({ serverId: null, lastServerId: 1 })).to.deep.equal([1]);
    expect(await idsOf({ serverId: 3, lastServerId: 3 })).to.deep.equal([3]);
  });

  it('keeps deactivated servers, where recordings stay and from where BBB still calls back', async () => {
    expect(await idsOf({ serverId: null, lastServerId: 2 })).to.deep.equal([2, 1]);
    expect(await idsOf({ serverId: 2, lastServerId: null })).to.deep.equal([2]);
  });

  it('falls back on the site’s default server for a meeting that never ran, or whose servers were removed', async () => {
    expect(await idsOf({ serverId: null, lastServerId: null })).to.deep.equal([1]);
    expect(await idsOf({ serverId: 99, lastServerId: 98 })).to.deep.equal([1]);
  });

  it('ignores servers of another site, and answers none when the site has no usable default', async () => {
    expect(await idsOf({ serverId: 4, lastServerId: 4 })).to.deep.equal([1]);
    expect(await idsOf({ serverId: null, lastServerId: 1, siteId: 2 })).to.deep.equal([4]);
    expect(await idsOf({ serverId: null, lastServerId: null, siteId: 3 })).to.deep.equal([]);
  });
});
