import { assertNoDevSecretsInProduction, ConfigError, installClockFromEnv, parseConfig, stopOnSignals } from '@fuel/shared';
import { createGateway } from './app.js';
import { gatewayEnvSchema } from './config/gateway-env.js';

try {
  const env = parseConfig(gatewayEnvSchema);
  installClockFromEnv(process.env);
  assertNoDevSecretsInProduction(env);
  const gateway = await createGateway(env);
  stopOnSignals(gateway.logger, gateway.close);
} catch (error) {
  process.stderr.write(
    error instanceof ConfigError ? `gateway: ${error.message}\n` : `gateway: failed to start: ${(error as Error).stack}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
}
