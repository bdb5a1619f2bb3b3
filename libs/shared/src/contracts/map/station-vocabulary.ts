/**
 * The stations' vocabulary as plain constants, with no zod: shared by the DTOs and by the browser-safe
 * entry (`@fuel/shared/client`), so the mini-program gets them without the schema library.
 */
export const FUEL_GRADES = ['92', '95', '98', '0'] as const;
export type FuelGrade = (typeof FUEL_GRADES)[number];
export const STATION_SERVICES = ['car_wash', 'convenience_store', 'toilet', 'air_pump', 'ev_charging'] as const;
export type StationService = (typeof STATION_SERVICES)[number];
export const STATION_STATUSES = ['open', 'closed', 'temporarily_closed'] as const;
export type StationStatus = (typeof STATION_STATUSES)[number];
export const FUEL_PRICE_KEYS = ['regular', 'silver', 'gold', 'diamond'] as const;
export type FuelPriceKey = (typeof FUEL_PRICE_KEYS)[number];
