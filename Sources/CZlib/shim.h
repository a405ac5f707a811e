#ifndef PRINTERCARE_CZLIB_SHIM_H
#define PRINTERCARE_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 is a macro over deflateInit2_ (it passes the version and struct size); Swift cannot call macros. */
static inline int pc_deflateInit2(z_streamp strm, int level, int method, int windowBits, int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}
/* inflateInit2 likewise; used by tests and the agent's HTTP client to read gzip bodies. */
static inline int pc_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
