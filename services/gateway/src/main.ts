import { ConfigError, parseConfig } from '@fuel/shared';
import { createGateway } from './app.js';
import { gatewayEnvSchema } from './config/gateway-env.js';

try {
  const gateway = await createGateway(parseConfig(gatewayEnvSchema));
  const stop = (signal: string) => {
    gateway.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  process.stderr.write(
    error instanceof ConfigError ? `gateway: ${error.message}\n` : `gateway: failed to start: ${(error as Error).stack}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
}
