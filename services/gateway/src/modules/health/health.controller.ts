import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { healthContract, SERVICE_NAMES, DomainError } from '@fuel/shared';
import type { FastifyReply } from 'fastify';
import { Access } from '../../guards/access.js';
import { ServiceClient } from '@fuel/shared';

const HEALTH_TIMEOUT_MS = 1500;

@ApiTags('health')
@Access({ public: true })
@Controller('health')
export class HealthController {
  constructor(private readonly services: ServiceClient) {}

  /** 200 when every service answers and is up; 503 with the same report otherwise. */
  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const entries = await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        try {
          return [name, await this.services.call(healthContract(name), {}, { timeoutMs: HEALTH_TIMEOUT_MS })] as const;
        } catch (error) {
          const code = error instanceof DomainError ? error.code : 'INTERNAL';
          return [name, { service: name, status: 'down' as const, error: code }] as const;
        }
      }),
    );
    const services = Object.fromEntries(entries);
    const allUp = entries.every(([, report]) => report.status === 'up');
    reply.status(allUp ? 200 : 503);
    return { status: allUp ? 'ok' : 'degraded', services };
  }
}
