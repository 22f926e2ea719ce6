// Waits until the store's setup Job has finished (migrations, admin login,
// seed), which it records in the table storefleet_setup. Run as the Medusa
// server's init container, because `medusa start` exits on a database that is
// not migrated yet, and crash-looping would only delay the store.
//
//   DATABASE_URL=postgres://... node bin/wait-for-setup.mjs
//
// With --database it only waits until Postgres answers (the setup Job's own
// init container, so that migrations do not fail on a database still starting).
import pg from 'pg';

const INTERVAL_MS = 3000;
const databaseOnly = process.argv.includes('--database');
const timeoutSeconds = Number(process.env.WAIT_TIMEOUT_SECONDS ?? 1800);
// Medusa's own ssl_mode parameter means nothing to node-postgres.
const connectionString = (process.env.DATABASE_URL ?? '').replace(/[?&]ssl_mode=[^&]*/g, '');
if (!connectionString) {
  console.error('DATABASE_URL must be set');
  process.exit(2);
}

const deadline = Date.now() + timeoutSeconds * 1000;
let last = '';
for (;;) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    if (databaseOnly) {
      console.info('the database answers');
      process.exit(0);
    }
    const { rows } = await client.query('SELECT completed_at FROM storefleet_setup WHERE id = 1');
    if (rows.length > 0) {
      console.info(`store setup completed at ${rows[0].completed_at.toISOString()}`);
      process.exit(0);
    }
  } catch (error) {
    // 42P01: the table does not exist yet (setup still running).
    const reason = error.code === '42P01' ? 'waiting for the setup Job' : `database not reachable yet: ${error.message}`;
    if (reason !== last) console.info(reason);
    last = reason;
  } finally {
    await client.end().catch(() => {});
  }
  if (Date.now() > deadline) {
    console.error(`the store setup did not complete within ${timeoutSeconds}s`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
}
