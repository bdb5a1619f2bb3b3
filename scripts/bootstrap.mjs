// Installs the pinned pnpm and the dependencies, then builds everything.
import { installAndBuild } from './lib/pnpm.mjs';

installAndBuild();
