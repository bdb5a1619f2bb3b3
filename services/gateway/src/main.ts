import { assertProductionReady, checkConfigOnly, ConfigError, installClockFromEnv, loadRpcIdentity, loadRpcTls, parseConfig, stopOnSignals } from '@fuel/shared';
import { createGateway } from './app.js';
import { gatewayEnvSchema } from './config/gateway-env.js';

function readGatewayConfig() {
  const env = parseConfig(gatewayEnvSchema);
  assertProductionReady(gatewayEnvSchema, env, process.env);
  loadRpcIdentity('gateway', env); // a missing or unreadable key stops the start here, named
  loadRpcTls(env);
  return env;
}

checkConfigOnly('gateway', readGatewayConfig);
try {
  const env = readGatewayConfig();
  installClockFromEnv(process.env);
  const gateway = await createGateway(env);
  stopOnSignals(gateway.logger, gateway.close);
} catch (error) {
  process.stderr.write(
    error instanceof ConfigError ? `gateway: ${error.message}\n` : `gateway: failed to start: ${(error as Error).stack}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
}
