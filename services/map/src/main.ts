import { runServiceMain } from '@fuel/shared';
import { mapService } from './service.js';

await runServiceMain(mapService);
