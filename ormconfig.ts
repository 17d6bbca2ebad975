import { parseDatabaseUrl } from './src/config/config';
import { createDataSource } from './src/db/database';

/** The one DataSource, built from DATABASE_URL (default sqlite:./data/keyward.sqlite). */
export default createDataSource(parseDatabaseUrl(process.env.DATABASE_URL?.trim() || 'sqlite:./data/keyward.sqlite'));
