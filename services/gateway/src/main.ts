import { assertProductionReady, checkConfigOnly, ConfigError, installClockFromEnv, loadCallerCredentials, parseConfig, stopOnSignals } from '@fuel/shared';
import { createGateway } from './app.js';
import { gatewayEnvSchema } from './config/gateway-env.js';

function readGatewayConfig() {
  const env = parseConfig(gatewayEnvSchema);
  assertProductionReady(gatewayEnvSchema, env, process.env);
  return { env, credentials: loadCallerCredentials('gateway', env) };
}

checkConfigOnly('gateway', readGatewayConfig);
try {
  const { env, credentials } = readGatewayConfig();
  installClockFromEnv(process.env);
  const gateway = await createGateway(env, credentials);
  stopOnSignals(gateway.logger, gateway.close);
} catch (error) {
  process.stderr.write(
    error instanceof ConfigError ? `gateway: ${error.message}\n` : `gateway: failed to start: ${(error as Error).stack}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
}
