import type { Actor } from '../context/request-context.js';
import { mapContracts } from '../contracts/map/patterns.js';
import { requireStaff, type StaffActor } from './rpc-access.js';
import type { ServiceClient } from './service-client.js';

/**
 * `requireStaff` for an action on a station, in any service: the station must be the caller's own (attendant,
 * manager) or in their region (regional admin), which only the map service knows — asked only for regional admins.
 */
export async function requireStaffAtStation(services: ServiceClient, actor: Actor | undefined, roles: ReadonlyArray<NonNullable<Actor['role']>>, stationId: number): Promise<StaffActor> {
  const staff = requireStaff(actor, roles);
  const regionCode = staff.role === 'regional_admin' ? (await services.callAsSystem(mapContracts.getStation, { id: stationId })).regionCode : staff.regionCode;
  return requireStaff(actor, roles, { id: stationId, regionCode });
}
