/**
 * The MongoDB side of the directory's area search. Without a server: the 2dsphere index is declared, mongoose passes
 * the area filter and the stored `geo` through unchanged (the geometry is MongoDB's; the conformance suite checks the
 * answers when MONGODB_URI is set), and `geo` holds one GeoJSON point per location with a map position. With
 * MONGODB_URI: services stored before `geo` existed are found by the first area search.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { dropMongoDatabase } from '../../src/storage/mongo/connection';
import { geoOf, mongoSearchFilter } from '../../src/storage/mongo/MongoDirectory';
import { openMongoStores } from '../../src/storage/mongo/openMongoStores';
import { serviceToDocument } from '../../src/storage/shared/documents';
import { directoryService } from './records';
import { freshMongoUri, modelsWithoutServer, MONGO_SKIP_MESSAGE } from './storeHarness';

describe('MongoDB directory area search, without a server', () => {
  const held = modelsWithoutServer();

  it('declares a 2dsphere index on each location\'s point', () => {
    expect(held.models.directory.schema.indexes().map(([fields]) => fields)).toContainEqual({ 'geo.points.point': '2dsphere' });
  });

  it('keeps one GeoJSON point (longitude first) per location with a map position, and says when a postcode alone places one', () => {
    expect(geoOf([
      { name: 'Hall', postcode: 'S6 3BS', latitude: 53.4, longitude: -1.5 },
      { postcode: 'S10 2FD' },
      { address: 'no place', latitude: 95, longitude: 0 },
    ])).toEqual({ points: [{ point: { type: 'Point', coordinates: [-1.5, 53.4] } }], byPostcode: true });
    expect(geoOf([{ latitude: 53.4, longitude: -1.5 }])).toEqual({ points: [{ point: { type: 'Point', coordinates: [-1.5, 53.4] } }], byPostcode: false });
    expect(geoOf([])).toEqual({ points: [], byPostcode: false });
  });

  it('sends the area filter as written, beside the needs one: $centerSphere takes [longitude, latitude] and radians', () => {
    const filter = mongoSearchFilter({ needs: ['food'], near: { latitude: 53.38, longitude: -1.47, withinMiles: 20 } });
    const expected = structuredClone(filter);
    expect(held.models.directory.find(filter).cast(held.models.directory)).toEqual(expected);
    const [needs, area] = expected.$and as Record<string, unknown>[];
    expect(needs).toEqual({ needs: { $in: ['food'] } });
    const [, geo] = (area.$or as Record<string, { $geoWithin: { $centerSphere: [number[], number] } }>[]).slice(1);
    expect(geo['geo.points.point'].$geoWithin.$centerSphere).toEqual([[-1.47, 53.38], expect.closeTo(20 / 3958.7613, 12)]);
  });

  it('without an area, searches by needs alone', () => {
    expect(mongoSearchFilter({ needs: ['food'] })).toEqual({ needs: { $in: ['food'] } });
    expect(mongoSearchFilter({})).toEqual({});
  });

  it('stores geo beside the service unchanged', async () => {
    const service = directoryService();
    const doc = { ...serviceToDocument(service), geo: geoOf(service.locations) };
    const instance = new held.models.directory(doc);
    await instance.validate();
    expect(instance.toObject({ depopulate: true })).toEqual(doc);
  });
});

const uri = process.env.MONGODB_URI;
(uri ? describe : describe.skip)(`MongoDB directory area search, with a server${uri ? '' : ` (${MONGO_SKIP_MESSAGE})`}`, () => {
  it('finds services stored before geo existed, and gives them geo', async () => {
    const database = freshMongoUri(uri ?? '', `signpost-test-${randomUUID().slice(0, 8)}`);
    const raw = await mongoose.createConnection(database).asPromise();
    try {
      const old = directoryService({ id: 'old', locations: [{ postcode: 'S6 3BS', latitude: 53.4, longitude: -1.5 }] });
      await raw.collection('directory').insertOne(serviceToDocument(old) as never);
      const stores = await openMongoStores({ uri: database, retentionDays: 730 });
      try {
        expect(await stores.directory.search({ near: { latitude: 53.4, longitude: -1.5, withinMiles: 1 } })).toEqual([old]);
        expect(await raw.collection('directory').findOne({ _id: 'old' as never })).toMatchObject({ geo: geoOf(old.locations) });
      } finally {
        await stores.close();
      }
    } finally {
      await raw.close();
      await dropMongoDatabase(database);
    }
  });
});
