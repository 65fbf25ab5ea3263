/**
 * Opens the app database at argv[2] and prints the outcome as one JSON line.
 * Run as an unprivileged user by database-open.test.ts, since root may write
 * anywhere and so cannot see a read-only folder or file.
 */
import { openAppDatabase } from '../../../src/main/services/store/database';
import { DatabaseOpenError } from '../../../src/main/services/store/errors';

try {
  const { db, movedAside } = openAppDatabase(process.argv[2]!, { busyTimeoutMs: 200 });
  db.close();
  console.log(JSON.stringify({ opened: true, movedAside: movedAside ?? null }));
} catch (error) {
  console.log(
    JSON.stringify(
      error instanceof DatabaseOpenError
        ? { opened: false, reason: error.reason, path: error.path }
        : { opened: false, error: String(error) },
    ),
  );
}
