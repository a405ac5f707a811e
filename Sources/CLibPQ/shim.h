#ifndef PRINTERCARE_CLIBPQ_SHIM_H
#define PRINTERCARE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
