#include "CSQLiteBulk.h"

int sqlite_nio_sqlite3_bind_text(sqlite3_stmt *stmt, int index, const char *text, int bytes, void (*destructor)(void *));

int kam_sqlite_bind_text_copy(sqlite3_stmt *stmt, int index, const char *text, int bytes) {
    return sqlite_nio_sqlite3_bind_text(stmt, index, text, bytes, (void (*)(void *))-1);
}
