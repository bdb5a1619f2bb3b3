/**
 * How RPC messages travel between the gateway and the services: Nest's TCP transport (length-prefixed JSON),
 * with two changes that showed in CPU profiles under load:
 * - patterns are routed as `{cmd}` objects: Nest parses every incoming pattern as JSON first, and a bare string
 *   pattern made that parse throw (and cost ~5 % of the map service's CPU) on every message;
 * - no Nagle delay: replies are small and a request/reply hop must not wait for the peer's delayed ACK.
 */
import type { Socket } from 'node:net';
import { JsonSocket } from '@nestjs/microservices';
import type { RpcContract } from './contract.js';

/** The route a contract's handler is bound to and its callers send to. */
export const rpcRoute = (contract: Pick<RpcContract, 'pattern'>) => ({ cmd: contract.pattern });

/** The contract pattern back from the route text Nest reports (`{"cmd":"map.stations.get"}` → map.stations.get). */
export const patternOfRoute = (route: string | undefined) => (route?.startsWith('{"cmd":"') && route.endsWith('"}') ? route.slice(8, -2) : route);

export class NoDelayJsonSocket extends JsonSocket {
  constructor(socket: Socket) {
    super(socket);
    socket.setNoDelay(true);
  }
}

/** TCP transport options for one endpoint, shared by the services (server) and their callers (client). */
export const rpcTcpOptions = (host: string, port: number) => ({ host, port, socketClass: NoDelayJsonSocket });
