/** The request body as it arrived, for the routes whose sender signs the bytes (provider notifications). */
const RAW_BODY = Symbol('rawBody');

export function keepRawBody(request: object, body: string): void {
  (request as Record<symbol, string>)[RAW_BODY] = body;
}

export function rawBodyOf(request: object): string | undefined {
  return (request as Record<symbol, string | undefined>)[RAW_BODY];
}
