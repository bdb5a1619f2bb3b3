import { stationRequestDigest, type StationRequest } from '@fuel/shared';

/**
 * The request body as it arrived, kept only for the routes whose sender signs the bytes (the providers'
 * notification routes, payments/<provider>/notify, and the carriers' logistics/<provider>/callback): every other
 * request is parsed and its text dropped.
 */
const RAW_BODY = Symbol('rawBody');
const SIGNED_BODY_ROUTE = /^\/api\/v1\/(?:payments\/[a-z]+\/notify|logistics\/[a-z0-9]+\/callback)(?:\?|$)/;

/** Keeps the text when the route needs it; false when it does not (the caller parses or refuses it). */
export function keepRawBody(request: { url: string }, body: string): boolean {
  if (!SIGNED_BODY_ROUTE.test(request.url)) return false;
  (request as unknown as Record<symbol, string>)[RAW_BODY] = body;
  return true;
}

export function rawBodyOf(request: object): string | undefined {
  return (request as Record<symbol, string | undefined>)[RAW_BODY];
}

/**
 * What a back-office token signs, as this request arrived: method, path and the digest of the JSON body as sent
 * (Fastify's parse, before validation fills defaults). The service that checks the token compares it with these.
 */
export function stationRequestOf(request: { method: string; url: string; body?: unknown }): StationRequest {
  return { method: request.method.toUpperCase() as StationRequest['method'], path: request.url.split('?')[0]!, bodyDigest: stationRequestDigest(request.body) };
}
