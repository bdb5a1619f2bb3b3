import { Injectable } from '@nestjs/common';
import { mapContracts, requireStaff, ServiceClient, type Actor, type StaffActor } from '@fuel/shared';

type Role = NonNullable<Actor['role']>;

/**
 * The order service's one staff check: the role, and the station in the caller's scope (their own station, or
 * for a regional admin a station of their region, which only the map service knows).
 */
@Injectable()
export class StationAccess {
  constructor(private readonly services: ServiceClient) {}

  async require(actor: Actor | undefined, roles: readonly Role[], stationId: number): Promise<StaffActor> {
    const staff = requireStaff(actor, roles);
    const regionCode = staff.role === 'regional_admin' ? (await this.services.callAsSystem(mapContracts.getStation, { id: stationId })).regionCode : staff.regionCode;
    return requireStaff(actor, roles, { id: stationId, regionCode });
  }
}
