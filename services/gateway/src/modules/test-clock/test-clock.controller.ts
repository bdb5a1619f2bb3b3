import { Controller, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { z } from 'zod';
import { clock, hasTestClock, setTestNow, testClockContract } from '@fuel/shared';
import { Access } from '../../guards/access.js';
import { ValidBody } from '../../http/validation.js';

const moveClock = testClockContract('gateway').request;

/**
 * Tests move the gateway's clock here (each service's with its `<service>.test-clock.set` RPC, which only a system
 * caller may send). Mounted only when the gateway runs on a test clock (TEST_NOW), which production refuses at start.
 */
@ApiExcludeController()
@Access({ public: true })
@Controller('_test/clock')
export class TestClockController {
  @Put()
  move(@ValidBody(moveClock) body: z.infer<typeof moveClock>): { now: string } {
    setTestNow(new Date(body.at));
    return { now: clock.now().toISOString() };
  }
}

/** The test clock's route, only where a test clock runs. */
export const testClockControllers = () => (hasTestClock() ? [TestClockController] : []);
