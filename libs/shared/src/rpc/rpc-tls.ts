/**
 * Mutual TLS between the processes, when certificates are configured: every RPC connection is TLS 1.2 or later,
 * both ends present a certificate from the deployment's RPC CA, and each certificate names its process in its
 * common name (CN=gateway, CN=user, …). A service accepts a connection only with a client certificate from the CA
 * (a plain TCP client never gets past the handshake), and then only envelopes whose caller is the certificate's
 * name (rpc-server.ts); a caller accepts a service only if its certificate names the service it meant to call.
 * Without the three variables RPC runs over plain TCP, as on one host in development.
 */
import { readFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';

const optionalFile = z.string().optional().transform((v) => (v === '' ? undefined : v));

export const rpcTlsEnvShape = {
  /** This process's certificate (PEM, CN = its name), its key, and the CA every RPC certificate chains to. */
  RPC_TLS_CERT_FILE: optionalFile,
  RPC_TLS_KEY_FILE: optionalFile,
  RPC_TLS_CA_FILE: optionalFile,
};

export interface RpcTls {
  cert: string;
  key: string;
  ca: string;
}

/** The process's RPC TLS material, or undefined for plain TCP; a partial or unreadable setting stops the start. */
export function loadRpcTls(env: { RPC_TLS_CERT_FILE?: string; RPC_TLS_KEY_FILE?: string; RPC_TLS_CA_FILE?: string }): RpcTls | undefined {
  const files = { cert: env.RPC_TLS_CERT_FILE, key: env.RPC_TLS_KEY_FILE, ca: env.RPC_TLS_CA_FILE };
  const given = Object.values(files).filter(Boolean).length;
  if (given === 0) return undefined;
  if (given < 3) throw new ConfigError('Invalid configuration:\n  RPC_TLS_CERT_FILE: mutual TLS needs RPC_TLS_CERT_FILE, RPC_TLS_KEY_FILE and RPC_TLS_CA_FILE together');
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new ConfigError(`Invalid configuration:\n  ${name}: cannot read ${path}`);
    }
  };
  return { cert: read('RPC_TLS_CERT_FILE', files.cert!), key: read('RPC_TLS_KEY_FILE', files.key!), ca: read('RPC_TLS_CA_FILE', files.ca!) };
}

/** A service's listening side: only clients with a certificate from the CA. */
export function rpcServerTlsOptions(tls: RpcTls) {
  return { cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' as const };
}

/** A caller's side, to an instance of `service`: its certificate must chain to the CA and name that service. */
export function rpcClientTlsOptions(tls: RpcTls, service: string) {
  return {
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    minVersion: 'TLSv1.2' as const,
    // Instances come and go by address (Nacos), so the name checked is the service's, not the host's.
    checkServerIdentity: (_host: string, peer: PeerCertificate) => (peer.subject?.CN === service ? undefined : new Error(`the RPC peer's certificate names ${peer.subject?.CN}, not ${service}`)),
  };
}

/** The process a TLS peer's certificate names (its CN), or undefined on a plain connection. */
export function peerName(socket: unknown): string | undefined {
  const tlsSocket = socket as { getPeerCertificate?: () => PeerCertificate | null };
  const cn = tlsSocket?.getPeerCertificate?.()?.subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}
