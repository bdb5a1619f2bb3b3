import { runServiceMain } from '@fuel/shared';
import { userService } from './service.js';

await runServiceMain(userService);
