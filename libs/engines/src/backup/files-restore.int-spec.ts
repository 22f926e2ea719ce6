/**
 * The files part of a backup and its restore (TAR_FILES, RESTORE_FILES) as
 * a Job runs them on a real node: as a non-root user, on a volume whose root
 * is root's with mode 0777 (what local-path and most provisioners create).
 * The real node's first restore failed there: tar could not restore the
 * mode and times of the archive's "." member, the volume's root.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { BACKUP_FILES, RESTORE_FILES, TAR_FILES } from './scripts.js';

const run = promisify(execFile);
const JOB_UID = 65534;
const asRoot = process.getuid?.() === 0;

/** A script fragment in the Job's work dir, as the Job's non-root user. */
const asJobUser = (script: string, env: Record<string, string>) =>
  run(
    'setpriv',
    [`--reuid=${JOB_UID}`, `--regid=${JOB_UID}`, '--clear-groups', '/bin/sh', '-c', `set -eu\ncd "$WORK_DIR"\n${script}`],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    },
  );

// Switching to another user needs root (as CI runs); a developer's non-root run cannot set this up.
(asRoot ? describe : describe.skip)('uploaded files on a volume whose root is not the Job user’s', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp('/var/tmp/sf-files-restore-');
    await chmod(root, 0o755);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('are archived and restored: the volume root keeps its owner and mode, the files are the backup’s', async () => {
    const volume = path.join(root, 'volume');
    await mkdir(volume, { mode: 0o777 });
    await chmod(volume, 0o777); // root's, 0777, as a provisioner leaves it
    const work = path.join(root, 'work');
    await mkdir(work);
    await chown(work, JOB_UID, JOB_UID);
    // The app (the Job's user) wrote its uploads.
    await asJobUser(
      'mkdir -p "$FILES_DIR/2026/12" && echo jpeg >"$FILES_DIR/2026/12/product.jpg" && echo a >"$FILES_DIR/logo.png"',
      {
        WORK_DIR: work,
        FILES_DIR: volume,
      },
    );

    await asJobUser(TAR_FILES, { WORK_DIR: work, FILES_DIR: volume });
    expect((await stat(path.join(work, BACKUP_FILES.files))).size).toBeGreaterThan(0);

    // After the backup: one upload deleted, one added.
    await asJobUser('rm "$FILES_DIR/logo.png" && echo later >"$FILES_DIR/later.png"', { WORK_DIR: work, FILES_DIR: volume });

    const restored = await asJobUser(RESTORE_FILES, { WORK_DIR: work, FILES_DIR: volume });
    expect(restored.stdout).toContain('restored files');
    expect((await readdir(volume)).sort()).toEqual(['2026', 'logo.png']);
    expect(await readFile(path.join(volume, '2026/12/product.jpg'), 'utf8')).toBe('jpeg\n');
    const top = await stat(volume);
    expect({ uid: top.uid, mode: top.mode & 0o777 }).toEqual({ uid: 0, mode: 0o777 });
  });
});
