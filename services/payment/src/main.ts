import { runServiceMain } from '@fuel/shared';
import { paymentService } from './service.js';

await runServiceMain(paymentService);
