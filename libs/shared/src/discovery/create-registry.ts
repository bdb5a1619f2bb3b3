import type { Logger } from '../logging/logger.js';
import { NacosRegistry } from './nacos-registry.js';
import { StaticRegistry, type ServiceRegistry } from './registry.js';

export async function createRegistry(
  env: { NACOS_SERVER_ADDR?: string; NACOS_NAMESPACE: string; NACOS_GROUP: string; SERVICE_ADDRESSES?: string },
  logger: Logger,
): Promise<ServiceRegistry> {
  return env.NACOS_SERVER_ADDR
    ? NacosRegistry.open(env.NACOS_SERVER_ADDR, env.NACOS_NAMESPACE, logger, env.NACOS_GROUP)
    : new StaticRegistry(env.SERVICE_ADDRESSES);
}
