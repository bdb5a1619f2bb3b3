import { assertNoDevSecretsInProduction, ConfigError, parseConfig } from '@fuel/shared';
import { createGateway } from './app.js';
import { gatewayEnvSchema } from './config/gateway-env.js';

try {
  const env = parseConfig(gatewayEnvSchema);
  assertNoDevSecretsInProduction(env);
  const gateway = await createGateway(env);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  process.stderr.write(
    error instanceof ConfigError ? `gateway: ${error.message}\n` : `gateway: failed to start: ${(error as Error).stack}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
}
