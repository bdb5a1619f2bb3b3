import { runServiceMain } from '@fuel/shared';
import { orderService } from './service.js';

await runServiceMain(orderService);
