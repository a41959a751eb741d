import { Pool } from 'pg';
import { config } from './config';

// Orders are written to the primary; reports read from a replica whose host is written here.
export const primary = new Pool({ connectionString: config.databaseUrl });
export const reports = new Pool({ host: 'reports-replica.internal', port: 5432, database: 'orders' });
