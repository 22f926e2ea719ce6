import { WORDPRESS_PHP_BASICS } from '../woocommerce/setup-php.js';

/**
 * A WooCommerce clone's last restore step, in PHP with mysqli (run by the
 * official WordPress image's `php`, which the restore Job's `rewrite`
 * container uses; natively in wordpress-clone.int-spec.ts):
 *
 * 1. Search and replace of the source's address (REWRITE_FROM, e.g.
 *    //old.example.com) with the clone's (REWRITE_TO) in every text column
 *    of every table of the WordPress prefix — aware of PHP serialisation,
 *    as `wp search-replace` is: a serialised value is unserialised, replaced
 *    inside, and serialised again, so its length prefixes stay right.
 *    Objects of classes PHP cannot load here are left as they are.
 * 2. New credentials: the admin login (ADMIN_USER) gets the clone's own
 *    generated password (ADMIN_PASSWORD, from the clone's Secret, never on a
 *    command line) as a bcrypt hash, which WordPress checks with
 *    password_verify (6.8+) or phpass's crypt() fallback (older); its
 *    sessions from the source are dropped.
 *
 * Re-running it changes nothing more (the source address is gone after the
 * first run). Environment: WORDPRESS_DB_HOST/NAME/USER/PASSWORD and
 * WORDPRESS_TABLE_PREFIX, as the WordPress image reads them.
 */
export const WORDPRESS_REWRITE_PHP = String.raw`<?php
declare(strict_types=1);

${WORDPRESS_PHP_BASICS}

/** The value with every $from replaced by $to, inside serialised values too. */
function replaced(mixed $value, string $from, string $to): mixed {
  if (is_string($value)) {
    if ($value === 'b:0;') return $value;
    $inner = @unserialize($value, ['allowed_classes' => ['stdClass']]);
    if ($inner !== false) return serialize(replaced($inner, $from, $to));
    return str_replace($from, $to, $value);
  }
  if (is_array($value)) {
    $out = [];
    foreach ($value as $key => $item) $out[is_string($key) ? str_replace($from, $to, $key) : $key] = replaced($item, $from, $to);
    return $out;
  }
  if ($value instanceof stdClass) {
    $out = new stdClass();
    foreach (get_object_vars($value) as $key => $item) $out->{str_replace($from, $to, (string) $key)} = replaced($item, $from, $to);
    return $out;
  }
  return $value;
}

function quoted(string $name): string {
  $tick = chr(96);
  return $tick . str_replace($tick, $tick . $tick, $name) . $tick;
}

try {
  $db = db();
  $prefix = env('WORDPRESS_TABLE_PREFIX', 'wp_');
  $from = getenv('REWRITE_FROM') ?: '';
  $to = getenv('REWRITE_TO') ?: '';
  $changed = 0;
  if ($from !== '') {
    $like = str_replace(['\\', '_', '%'], ['\\\\', '\\_', '\\%'], $prefix) . '%';
    $tables = array_map(fn($row) => $row[0], $db->execute_query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name LIKE ?",
      [$like])->fetch_all());
    foreach ($tables as $table) {
      $columns = $db->query('SHOW COLUMNS FROM ' . quoted($table))->fetch_all(MYSQLI_ASSOC);
      $keys = array_column(array_filter($columns, fn($c) => $c['Key'] === 'PRI'), 'Field');
      if ($keys === []) continue;
      $texts = array_column(array_filter($columns, fn($c) => preg_match('/char|text/i', $c['Type']) === 1), 'Field');
      $needle = '%' . str_replace(['\\', '_', '%'], ['\\\\', '\\_', '\\%'], $from) . '%';
      foreach ($texts as $column) {
        $select = 'SELECT ' . implode(', ', array_map('quoted', $keys)) . ', ' . quoted($column) . ' AS v FROM ' . quoted($table)
          . ' WHERE ' . quoted($column) . ' LIKE ?';
        $where = implode(' AND ', array_map(fn($k) => quoted($k) . ' = ?', $keys));
        foreach ($db->execute_query($select, [$needle])->fetch_all(MYSQLI_ASSOC) as $row) {
          $new = replaced($row['v'], $from, $to);
          if ($new === $row['v']) continue;
          $db->execute_query('UPDATE ' . quoted($table) . ' SET ' . quoted($column) . ' = ? WHERE ' . $where,
            [$new, ...array_map(fn($k) => $row[$k], $keys)]);
          $changed++;
        }
      }
    }
    echo "rewrote $changed values from $from to $to\n";
  }
  $user = getenv('ADMIN_USER') ?: '';
  $password = getenv('ADMIN_PASSWORD') ?: '';
  if ($user !== '' && $password !== '') {
    $users = quoted($prefix . 'users');
    $found = $db->execute_query("SELECT ID FROM $users WHERE user_login = ?", [$user])->fetch_all(MYSQLI_ASSOC);
    if ($found === []) {
      echo "the admin login $user is not in the backup\n";
    } else {
      $db->execute_query("UPDATE $users SET user_pass = ? WHERE user_login = ?", [password_hash($password, PASSWORD_BCRYPT), $user]);
      $db->execute_query('DELETE FROM ' . quoted($prefix . 'usermeta') . " WHERE user_id = ? AND meta_key = 'session_tokens'",
        [$found[0]['ID']]);
      echo "set the admin login's password\n";
    }
  }
} catch (mysqli_sql_exception $error) {
  fail('database: ' . $error->getMessage());
}
`;

/** The rewrite container's command: the PHP above, written to the work dir (the root filesystem is read-only), then run. */
export const WORDPRESS_REWRITE_SCRIPT = String.raw`set -eu
umask 077
printf '%s' "$REWRITE_PHP" >"$WORK_DIR/rewrite.php"
php "$WORK_DIR/rewrite.php"
rm -f "$WORK_DIR/rewrite.php"
`;
