/**
 * Real MariaDB, PHP and WordPress core, run natively for the setup script's
 * tests (Debian's mariadb-server, php-cli, php-mysql, php-xml and wordpress
 * packages; scripts/test.sh installs them). MariaDB listens on a socket in a
 * private folder only (no TCP port); WordPress is a copy of Debian's tree
 * with a wp-config.php that reads the environment like the official image's.
 * WooCommerce and WP-CLI are not packaged by any registry this project
 * reaches, so what needs them is not run here (see docs/worker.md).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { WOOCOMMERCE_SETUP_PHP } from '../setup-php.js';
import { SETUP_SCRIPT_HELPERS } from '../setup-script.js';

const DEBIAN_WORDPRESS = '/usr/share/wordpress';
const NEEDED = ['mariadb-server', 'php-cli', 'php-mysql', 'php-xml', 'wordpress'];

export interface PhpResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class NativeWordPress {
  // In memory where the machine has it: a WordPress install is hundreds of small DDL statements, and
  // on a slow disk MariaDB's fsyncs, not the code under test, would set the pace.
  readonly root = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'storefleet-wp-'));
  readonly socket = path.join(this.root, 'mysqld.sock');
  readonly wordpress = path.join(this.root, 'wordpress');
  readonly setupPhp = path.join(this.root, 'setup.php');
  readonly password = randomBytes(12).toString('hex');
  readonly adminPassword = randomBytes(12).toString('hex');
  private server?: ChildProcess;
  private database = 'wordpress';

  static missing(): string[] {
    const missing = [];
    if (!existsSync('/usr/sbin/mariadbd')) missing.push('mariadb-server');
    if (!/mysqli/.test(spawnSync('php', ['-m'], { encoding: 'utf8' }).stdout ?? '')) missing.push('php-cli php-mysql');
    if (!existsSync(path.join(DEBIAN_WORDPRESS, 'wp-load.php'))) missing.push('wordpress');
    return missing;
  }

  async start(): Promise<void> {
    const missing = NativeWordPress.missing();
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: apt-get install ${NEEDED.join(' ')}`);
    const data = path.join(this.root, 'data');
    mkdirSync(data);
    const init = spawnSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'],
      { encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
    this.server = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${this.socket}`,
        `--pid-file=${path.join(this.root, 'mysqld.pid')}`,
        '--skip-networking',
        '--user=root',
        '--innodb-buffer-pool-size=32M',
        '--innodb-flush-log-at-trx-commit=0', // a throw-away test database: no fsync per commit
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 60_000;
    while (spawnSync('mysqladmin', ['--no-defaults', `--socket=${this.socket}`, '-uroot', 'ping']).status !== 0) {
      if (Date.now() > deadline) throw new Error('MariaDB did not start within 60 s');
      await new Promise((done) => setTimeout(done, 200));
    }
    this.sql(`CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '${this.password}'`);

    cpSync(DEBIAN_WORDPRESS, this.wordpress, { recursive: true, dereference: true });
    const salts = [
      'AUTH_KEY',
      'SECURE_AUTH_KEY',
      'LOGGED_IN_KEY',
      'NONCE_KEY',
      'AUTH_SALT',
      'SECURE_AUTH_SALT',
      'LOGGED_IN_SALT',
      'NONCE_SALT',
    ];
    writeFileSync(
      path.join(this.wordpress, 'wp-config.php'),
      [
        '<?php',
        "define('DB_NAME', getenv('WORDPRESS_DB_NAME'));",
        "define('DB_USER', getenv('WORDPRESS_DB_USER'));",
        "define('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD'));",
        "define('DB_HOST', getenv('WORDPRESS_DB_HOST'));",
        "define('DB_CHARSET', 'utf8mb4');",
        "define('DB_COLLATE', '');",
        ...salts.map((salt) => `define('${salt}', '${randomBytes(16).toString('hex')}');`),
        "$table_prefix = getenv('WORDPRESS_TABLE_PREFIX') ?: 'wp_';",
        "define('WP_HOME', getenv('STORE_URL'));",
        "define('WP_SITEURL', getenv('STORE_URL'));",
        "if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');",
        "require_once ABSPATH . 'wp-settings.php';",
        '',
      ].join('\n'),
    );
    writeFileSync(this.setupPhp, WOOCOMMERCE_SETUP_PHP);
  }

  stop(): void {
    this.server?.kill('SIGTERM');
    rmSync(this.root, { recursive: true, force: true });
  }

  sql(statement: string, database = ''): string {
    const result = spawnSync(
      'mariadb',
      ['--no-defaults', `--socket=${this.socket}`, '-uroot', '-N', '-B', '-e', statement, database],
      {
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) throw new Error(`SQL failed: ${statement}: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** A new, empty database for the next test, the one every later call uses. */
  freshDatabase(name: string): void {
    this.database = name;
    this.sql(`DROP DATABASE IF EXISTS \`${name}\``);
    this.sql(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    this.sql(`GRANT ALL ON \`${name}\`.* TO 'wordpress'@'localhost'`);
  }

  /** The Job's environment (blueprint: wordpressEnv and the setup container's variables). */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      WORDPRESS_DB_HOST: `localhost:${this.socket}`,
      WORDPRESS_DB_NAME: this.database,
      WORDPRESS_DB_USER: 'wordpress',
      WORDPRESS_DB_PASSWORD: this.password,
      WORDPRESS_PATH: this.wordpress,
      STORE_URL: 'http://127.0.0.1:9',
      STORE_TITLE: 'acme-shop',
      ADMIN_USER: 'storeadmin',
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: this.adminPassword,
      ...extra,
    };
  }

  /** Runs a command of the setup script's PHP (setup-php.ts), as the Job does. */
  setup(args: string[], extra: Record<string, string> = {}): PhpResult {
    const result = spawnSync('php', [this.setupPhp, ...args], { cwd: this.wordpress, env: this.env(extra), encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Starts a setup command without waiting (to kill it part-way). */
  spawnSetup(args: string[]): ChildProcess {
    return spawn('php', [this.setupPhp, ...args], { cwd: this.wordpress, env: this.env(), stdio: 'ignore' });
  }

  /** Runs PHP code inside WordPress (loaded as a web request would, or as the installer with `installing`). */
  wp(code: string, options: { installing?: boolean } = {}): PhpResult {
    const file = path.join(this.root, `snippet-${randomBytes(4).toString('hex')}.php`);
    writeFileSync(
      file,
      [
        '<?php',
        options.installing ? "define('WP_INSTALLING', true);" : '',
        "$_SERVER['HTTP_HOST'] = '127.0.0.1'; $_SERVER['REQUEST_URI'] = '/';",
        `require ${JSON.stringify(path.join(this.wordpress, 'wp-load.php'))};`,
        "require_once ABSPATH . 'wp-admin/includes/upgrade.php';",
        code,
        '',
      ].join('\n'),
    );
    const result = spawnSync('php', [file], { cwd: this.wordpress, env: this.env(), encoding: 'utf8' });
    rmSync(file, { force: true });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs the setup script's shell helpers (log, retry) followed by `script`, with `sh`. */
  shell(script: string, extra: Record<string, string> = {}): PhpResult {
    const result = spawnSync('sh', ['-c', `set -eu\n${SETUP_SCRIPT_HELPERS}\n${script}`], {
      cwd: this.wordpress,
      env: this.env(extra),
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
}
