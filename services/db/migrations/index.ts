import { Organisation1795969574168 } from './1795969574168-organisation.js';

// Migrations in the order they run. New ones come from `npm run migration:generate -- <Name>`.
export const migrations: (new () => object)[] = [Organisation1795969574168];
