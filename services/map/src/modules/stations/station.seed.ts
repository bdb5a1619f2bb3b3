import { clock, fen, type ServiceContext } from '@fuel/shared';
import { RegionEntity, StationEntity, StationPriceEntity } from './station.entity.js';

/** Loads the demo regions, stations and prices once (skipped when stations exist). */
export async function seedDemoStations({ dataSource, logger }: ServiceContext): Promise<void> {
  const { DEMO_REGIONS, demoStations } = await import('@fuel/devkit/demo');
  await dataSource.transaction(async (manager) => {
    if ((await manager.count(StationEntity)) > 0) return;
    await manager.insert(RegionEntity, DEMO_REGIONS.map(({ code, name }) => ({ code, name })));
    const stations = demoStations();
    for (const s of stations) {
      await manager.insert(StationEntity, {
        id: s.id,
        code: s.code,
        name: s.name,
        brand: s.brand,
        regionCode: s.regionCode,
        address: s.address,
        lat: s.lat,
        lng: s.lng,
        phone: s.phone,
        openingHours: s.openingHours,
        services: s.services,
        photos: s.photos,
        pumps: s.pumps,
        status: 'open',
      });
      await manager.insert(
        StationPriceEntity,
        s.prices.map((p) => ({
          stationId: s.id,
          grade: p.grade,
          regularFen: fen(p.regularFen),
          silverFen: fen(p.silverFen),
          goldFen: fen(p.goldFen),
          diamondFen: fen(p.diamondFen),
          version: 1,
          updatedAt: clock.now(),
        })),
      );
    }
    logger.info({ stations: stations.length }, 'demo stations loaded');
  });
}
