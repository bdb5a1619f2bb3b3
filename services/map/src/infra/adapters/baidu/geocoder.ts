/**
 * Port for turning an address into coordinates, with the Baidu Maps geocoding adapter (web API v3, AK mode,
 * answers requested in GCJ-02 via ret_coordtype=gcj02ll). In dev and tests BAIDU_MAP_ENDPOINT points at the
 * local stand-in, which answers the same way.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, LOGGER, SERVICE_ENV, type Logger } from '@fuel/shared';
import type { MapEnv } from '../../../config/map-env.js';
import type { LatLng } from '@fuel/shared';

export abstract class Geocoder {
  /** GCJ-02 coordinates of the address, or undefined when the provider knows no such place. */
  abstract geocode(address: string): Promise<LatLng | undefined>;
}

interface BaiduGeocodingAnswer {
  status: number;
  message?: string;
  msg?: string;
  result?: { location: { lat: number; lng: number } };
}

@Injectable()
export class BaiduGeocoder extends Geocoder {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: MapEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async geocode(address: string): Promise<LatLng | undefined> {
    const query = new URLSearchParams({ address, output: 'json', ak: this.env.BAIDU_MAP_AK, ret_coordtype: 'gcj02ll' });
    let answer: BaiduGeocodingAnswer;
    try {
      const response = await fetch(`${this.env.BAIDU_MAP_ENDPOINT}/geocoding/v3/?${query}`, { signal: AbortSignal.timeout(5000) });
      answer = (await response.json()) as BaiduGeocodingAnswer;
    } catch (error) {
      this.logger.error({ err: String(error) }, 'baidu geocoding unreachable');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '地图服务暂时不可用，请稍后再试或直接提供坐标');
    }
    if (answer.status === 0 && answer.result) return { lat: answer.result.location.lat, lng: answer.result.location.lng };
    if (answer.status === 1 || answer.status === 2) return undefined; // no such place / unreadable address
    this.logger.error({ status: answer.status, providerMessage: answer.message ?? answer.msg }, 'baidu geocoding refused');
    throw new DomainError(ErrorCode.PROVIDER_ERROR, '地图服务暂时不可用，请稍后再试或直接提供坐标');
  }
}
