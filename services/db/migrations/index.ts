import { Organisation1795969574168 } from './1795969574168-organisation.js';
import { Rollout1795971034245 } from './1795971034245-rollout.js';

// Migrations in the order they run. New ones come from `npm run migration:generate -- <Name>`.
export const migrations: (new () => object)[] = [Organisation1795969574168, Rollout1795971034245];
