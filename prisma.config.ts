import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate everywhere; migrate on machines that can
// download its schema engine). The URL is only needed for migrate commands.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL ?? 'postgresql://localhost/storefleet',
  },
});
