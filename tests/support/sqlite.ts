import { Database } from 'sqlite3';

/** Reads a sqlite file directly, without the platform's code, to compute what a release must equal. */
export function sqliteAll<T = Record<string, unknown>>(
  file: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new Database(file, (openError) => {
      if (openError) return reject(openError);
      db.all(sql, params, (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows as T[]);
      });
    });
  });
}

export function sqliteRun(file: string, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new Database(file, (openError) => {
      if (openError) return reject(openError);
      db.run(sql, params, (error) => {
        db.close();
        if (error) reject(error);
        else resolve();
      });
    });
  });
}
