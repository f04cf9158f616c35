#ifndef CSQLITEBULK_H
#define CSQLITEBULK_H

// The few SQLite C functions the bulk loader needs, declared against the copy of SQLite that
// SQLiteNIO links (its symbols carry the `sqlite_nio_` prefix). Using that same copy matters:
// SQLite's POSIX lock bookkeeping is per library copy, so a second copy opening the same file
// could silently drop the other's locks. SQLiteNIO has no prepared-statement reuse, which a
// million-row load needs.

#include <stdint.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

int sqlite_nio_sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
int sqlite_nio_sqlite3_close_v2(sqlite3 *db);
int sqlite_nio_sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *arg,
                            char **errmsg);
int sqlite_nio_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **stmt, const char **tail);
int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *stmt, int index, int64_t value);
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *stmt, int index);
int sqlite_nio_sqlite3_step(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *stmt);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *stmt, int column);
int64_t sqlite_nio_sqlite3_column_int64(sqlite3_stmt *stmt, int column);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *stmt, int column);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *stmt, int column);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *stmt);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *db);
int sqlite_nio_sqlite3_extended_errcode(sqlite3 *db);

enum {
    KAM_SQLITE_OK = 0,
    KAM_SQLITE_ROW = 100,
    KAM_SQLITE_DONE = 101,
    KAM_SQLITE_NULL = 5,
    KAM_SQLITE_OPEN_READONLY = 0x00000001,
    KAM_SQLITE_OPEN_READWRITE = 0x00000002,
    KAM_SQLITE_OPEN_NOMUTEX = 0x00008000,
};

/// Binds text that SQLite copies (SQLITE_TRANSIENT), so the caller's buffer may go away.
int kam_sqlite_bind_text_copy(sqlite3_stmt *stmt, int index, const char *text, int bytes);

#endif
