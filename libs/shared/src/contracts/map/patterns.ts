import { z } from 'zod';
import { rpcContract } from '../../rpc/contract.js';
import { nearbyQuery, type NearbyResult } from './nearby.dto.js';
import { stationCreateBody, stationUpdateBody } from './station-admin.dto.js';
import { backofficePriceChange, type StationPrices } from './price.dto.js';
import { catchUpRequest, subscriptionRequest, type PriceChannelFrame } from './price-channel.js';
import { stationDetailRequest, stationListQuery, type Page, type Region, type StationDetail, type StationSummary } from './station.dto.js';

export const mapContracts = {
  listRegions: rpcContract<Region[]>()('map.regions.list', z.object({}).strict(), { readOnly: true }),
  listStations: rpcContract<Page<StationSummary>>()('map.stations.list', stationListQuery, { readOnly: true }),
  getStation: rpcContract<StationDetail>()('map.stations.get', stationDetailRequest, { readOnly: true }),
  nearbyStations: rpcContract<NearbyResult>()('map.stations.nearby', nearbyQuery, { readOnly: true }),
  /** Summaries of the given stations (unknown ids left out): what the gateway's edge cache lacks. */
  stationSummaries: rpcContract<StationSummary[]>()('map.stations.summaries', z.object({ ids: z.array(z.number().int().positive()).max(1000) }).strict(), { readOnly: true }),
  createStation: rpcContract<StationDetail>()('map.admin.stations.create', stationCreateBody),
  updateStation: rpcContract<StationDetail>()('map.admin.stations.update', z.object({ id: z.number().int().positive(), changes: stationUpdateBody }).strict()),
  changePricesByBackoffice: rpcContract<StationPrices>()('map.prices.backoffice-change', backofficePriceChange),
  /** The existing stations among the ids and in the area of a live-channel subscription. */
  resolveSubscription: rpcContract<number[]>()('map.live.resolve', subscriptionRequest),
  /** Per station: the changes after `since`, or a snapshot. */
  catchUp: rpcContract<PriceChannelFrame[]>()('map.live.catch-up', catchUpRequest),
};
