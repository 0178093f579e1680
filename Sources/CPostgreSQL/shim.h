#ifndef HAVEN_CPOSTGRESQL_SHIM_H
#define HAVEN_CPOSTGRESQL_SHIM_H
#include <libpq-fe.h>
#endif
