/**
 * The shell scripts the backup and restore Jobs run, POSIX sh only. The same
 * strings run natively in the tests (libs/engines/src/backup/*.int-spec.ts),
 * against the local Postgres, MariaDB and S3 server.
 *
 * The Jobs hold no bucket key: the worker presigns exactly the requests a Job
 * makes (a PUT per object and the manifest for a backup, a GET per verified
 * object for a restore) and gives them as files of a mounted Secret, one per
 * object, named after the object's file (BACKUP_FILES). A presigned URL is a
 * bearer token, so it is fed to curl as a config on stdin (`curl -K -`;
 * printf is a shell builtin, so it is never in any process's argv), never
 * printed. Database passwords come from the store's Secret as PGPASSWORD /
 * MYSQL_PWD. Nothing runs with `set -x`.
 *
 * Every script converges when killed and re-run: work files are written as
 * `*.part` and renamed when complete; the upload writes the manifest last.
 */

import { MANIFEST_NAME } from '@storefleet/backups';

/** String.raw, except that `\${` (escaped so TypeScript does not interpolate) becomes the shell's `${`. */
function sh(strings: TemplateStringsArray, ...values: string[]): string {
  return String.raw({ raw: strings.raw }, ...values).replaceAll('\\${', '${');
}

/**
 * The objects of a backup, by file name under its prefix. The set is fixed
 * (one database dump, one files tarball, the manifest), so the worker knows
 * every key a backup Job writes before it starts, and presigns each.
 */
export const BACKUP_FILES = {
  postgresDump: 'database.pgdump',
  mariadbDump: 'database.sql.gz',
  files: 'files.tar.gz',
  manifest: MANIFEST_NAME,
} as const;

/**
 * Shared by the upload and download steps: one request per object, to the
 * presigned URL the worker made for it ($S3_URLS_DIR/<file>).
 */
const S3_FUNCTIONS = sh`
s3_url_config() {
  [ -f "$S3_URLS_DIR/$1" ] || { echo "no presigned URL for $1" >&2; return 1; }
  printf 'url = "%s"\n' "$(sed 's/[\\"]/\\&/g' "$S3_URLS_DIR/$1")"
}
# s3_put FILE: the work file FILE to its object.
s3_put() {
  s3_url_config "$1" | curl -fsS --retry 5 --retry-connrefused -K - -T "$1" -o /dev/null
}
# s3_get FILE OUT: the object FILE into OUT.
s3_get() {
  s3_url_config "$1" | curl -fsS --retry 5 --retry-connrefused -K - -o "$2"
}
`;

/** The uploaded files as one tarball, when the engine has them (members "./<path>"). */
export const TAR_FILES = sh`if [ -n "\${FILES_DIR:-}" ] && [ -d "$FILES_DIR" ]; then
  tar -czf ${BACKUP_FILES.files}.part -C "$FILES_DIR" .
  mv ${BACKUP_FILES.files}.part ${BACKUP_FILES.files}
fi`;

/**
 * Waits (up to 2 min) until the database answers: the Job's network policies
 * are applied just before it, and a node's policy agent may take seconds to
 * enforce them (until then the first connection is refused).
 */
const waitForDatabase = (probe: string) => sh`tries=0
until ${probe} >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "the database does not answer" >&2; ${probe} >/dev/null; exit 1; }
  [ "$tries" -eq 1 ] && echo "waiting for the database"
  sleep 2
done`;
const WAIT_FOR_POSTGRES = waitForDatabase(`psql -XqtAc 'SELECT 1'`);
const WAIT_FOR_MARIADB = waitForDatabase(`mariadb -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -N -B -e 'SELECT 1'`);

/**
 * Dump step, Postgres (Medusa): a consistent pg_dump in custom format
 * (compressed), the server's version, and the uploaded files as a tarball.
 * Connection from PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD.
 */
export const POSTGRES_DUMP_SCRIPT = sh`set -eu
umask 077
cd "$WORK_DIR"
${WAIT_FOR_POSTGRES}
psql -XqtAc 'SHOW server_version' >engine-version.part
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file=${BACKUP_FILES.postgresDump}.part
${TAR_FILES}
mv ${BACKUP_FILES.postgresDump}.part ${BACKUP_FILES.postgresDump}
mv engine-version.part engine-version
echo "dumped database ($(wc -c <${BACKUP_FILES.postgresDump}) bytes)"
`;

/**
 * Dump step, MariaDB (WooCommerce): a single-transaction dump of the
 * WordPress database, gzipped, and wp-content/uploads as a tarball.
 * Connection from DB_HOST, DB_PORT, DB_USER, DB_NAME and MYSQL_PWD.
 */
export const MARIADB_DUMP_SCRIPT = sh`set -eu
umask 077
cd "$WORK_DIR"
${WAIT_FOR_MARIADB}
mariadb -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -N -B -e 'SELECT VERSION()' >engine-version.part
mariadb-dump -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" --single-transaction --quick --routines --triggers \
  --add-drop-table --default-character-set=utf8mb4 --result-file=database.sql.part "$DB_NAME"
gzip -6 -c database.sql.part >${BACKUP_FILES.mariadbDump}.part
rm -f database.sql.part
${TAR_FILES}
mv ${BACKUP_FILES.mariadbDump}.part ${BACKUP_FILES.mariadbDump}
mv engine-version.part engine-version
echo "dumped database ($(wc -c <${BACKUP_FILES.mariadbDump}) bytes)"
`;

/**
 * Upload step: every object the worker presigned a PUT for ($S3_URLS_DIR
 * names them) that the dump step wrote, then manifest.json LAST, so a Job
 * killed at any point leaves no manifest, and restore never picks it. The
 * manifest's format is libs/backups' BackupManifest; its keys are
 * BACKUP_PREFIX + file, the keys the worker presigned.
 */
export const UPLOAD_SCRIPT = sh`set -eu
umask 077
cd "$WORK_DIR"
${S3_FUNCTIONS}
[ -f engine-version ] || { echo "the dump step did not finish" >&2; exit 1; }
objects=""
for url in "$S3_URLS_DIR"/*; do
  file="\${url##*/}"
  [ "$file" = ${BACKUP_FILES.manifest} ] && continue
  if [ ! -f "$file" ]; then
    case "$file" in database.*) echo "the dump step wrote no $file" >&2; exit 1 ;; esac
    continue
  fi
  part="\${file%%.*}"
  size="$(wc -c <"$file" | tr -d ' ')"
  sum="$(sha256sum "$file" | cut -d ' ' -f 1)"
  s3_put "$file"
  objects="$objects\${objects:+,}{\"part\":\"$part\",\"key\":\"$BACKUP_PREFIX$file\",\"size\":$size,\"sha256\":\"$sum\"}"
  echo "uploaded $part ($size bytes)"
done
version="$(head -n 1 engine-version | tr -cd 'A-Za-z0-9._+~() -')"
printf '{"format":1,"storeId":"%s","backupId":"%s","engine":"%s","engineVersion":"%s","createdAt":"%s","objects":[%s]}\n' \
  "$STORE_ID" "$BACKUP_ID" "$ENGINE" "$version" "\${CREATED_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}" "$objects" >${BACKUP_FILES.manifest}
s3_put ${BACKUP_FILES.manifest}
echo "committed manifest"
`;

/**
 * Download step of a restore: each object the worker verified against the
 * manifest (RESTORE_OBJECTS: "file=sha256 ...", each with its presigned GET),
 * checked again after download.
 */
export const DOWNLOAD_SCRIPT = sh`set -eu
umask 077
cd "$WORK_DIR"
${S3_FUNCTIONS}
for entry in $RESTORE_OBJECTS; do
  file="\${entry%%=*}"
  sum="\${entry#*=}"
  s3_get "$file" "$file.part"
  echo "$sum  $file.part" | sha256sum -c - >/dev/null || { echo "$file does not match its manifest" >&2; exit 1; }
  mv "$file.part" "$file"
  echo "downloaded $file"
done
`;

/**
 * Replaces the uploaded files with the backup's, when the backup has them.
 * The archive's members are "./<path>" (TAR_FILES); its "." is the volume's
 * root, which on a real node is not the Job user's (local-path and most
 * provisioners make it root's, mode 0777), so restoring "."'s mode and times
 * fails. --strip-components=1 drops that member and keeps every other path.
 */
export const RESTORE_FILES = sh`
if [ -f ${BACKUP_FILES.files} ] && [ -n "\${FILES_DIR:-}" ]; then
  find "$FILES_DIR" -mindepth 1 -delete
  tar -xzf ${BACKUP_FILES.files} --strip-components=1 -C "$FILES_DIR"
  echo "restored files"
fi
`;

/**
 * A clone's address in its data (Medusa): every text and JSON value of the
 * database's own tables that names the source's address (REWRITE_FROM, e.g.
 * //old.example.com) is rewritten to the clone's (REWRITE_TO). Plain string
 * replacement is exact here: Postgres stores no length-prefixed
 * serialisations. The addresses travel as settings, never inside SQL text.
 */
const POSTGRES_REWRITE = sh`
if [ -n "\${REWRITE_FROM:-}" ]; then
  psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -v from="$REWRITE_FROM" -v to="$REWRITE_TO" <<'SQL'
SELECT set_config('storefleet.rewrite_from', :'from', false), set_config('storefleet.rewrite_to', :'to', false);
DO $rewrite$
DECLARE
  col record;
  f text := current_setting('storefleet.rewrite_from');
  t text := current_setting('storefleet.rewrite_to');
  n bigint;
  total bigint := 0;
BEGIN
  FOR col IN
    SELECT c.table_schema, c.table_name, c.column_name, c.data_type
      FROM information_schema.columns c
      JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
     WHERE tb.table_type = 'BASE TABLE'
       AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
       AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
       AND c.is_generated = 'NEVER'
  LOOP
    IF col.data_type IN ('json', 'jsonb') THEN
      EXECUTE format('UPDATE %I.%I SET %I = replace(%I::text, $1, $2)::%s WHERE strpos(%I::text, $1) > 0',
        col.table_schema, col.table_name, col.column_name, col.column_name, col.data_type, col.column_name) USING f, t;
    ELSE
      EXECUTE format('UPDATE %I.%I SET %I = replace(%I, $1, $2) WHERE strpos(%I, $1) > 0',
        col.table_schema, col.table_name, col.column_name, col.column_name, col.column_name) USING f, t;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
  END LOOP;
  RAISE NOTICE 'rewrote % values', total;
END
$rewrite$;
SQL
  echo "rewrote the store address"
fi
`;

/** Restore step, Postgres: the database's objects replaced by the dump's, in one transaction; a clone's address rewritten. */
export const POSTGRES_RESTORE_SCRIPT = sh`set -eu
cd "$WORK_DIR"
${WAIT_FOR_POSTGRES}
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$PGDATABASE" ${BACKUP_FILES.postgresDump}
echo "restored database"
${POSTGRES_REWRITE}${RESTORE_FILES}`;

/** Restore step, MariaDB: the dump's tables dropped and recreated with their rows. */
export const MARIADB_RESTORE_SCRIPT = sh`set -eu
cd "$WORK_DIR"
${WAIT_FOR_MARIADB}
gzip -dc ${BACKUP_FILES.mariadbDump} >database.sql
mariadb -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" "$DB_NAME" <database.sql
rm -f database.sql
echo "restored database"
${RESTORE_FILES}`;
