#ifndef HAVEN_CSQLITE_SHIM_H
#define HAVEN_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro Swift cannot import: SQLite copies the bound value.
static inline void (*haven_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
#endif
