#ifndef PRINTERCARE_COPENSSL_SHIM_H
#define PRINTERCARE_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <openssl/rand.h>

/* Swift cannot import OpenSSL's function-like macros, nor object-like macros built from casts and
 * shifts. Each wrapper below forwards to exactly what the macro expands to and adds no policy: the
 * choices (which options, which versions) stay in Sources/HTTPServer/TLS, in Swift. */

/* SSL_OP_* are `((uint64_t)1 << n)` expressions, which Swift does not import. */
static const uint64_t shim_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t shim_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t shim_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;
static const uint64_t shim_SSL_OP_NO_TICKET = SSL_OP_NO_TICKET;
static const unsigned long shim_XN_FLAG_RFC2253 = XN_FLAG_RFC2253;
static const int shim_MBSTRING_UTF8 = MBSTRING_UTF8;

static inline int shim_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int shim_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline long shim_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

static inline long shim_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline int shim_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/* An empty memory BIO answers a read with `value` and the retry flag (SSL then reports WANT_READ)
 * instead of end of file. */
static inline void shim_BIO_set_mem_eof_return(BIO *bio, int value) {
    (void)BIO_set_mem_eof_return(bio, value);
}

/* Pointer to and length of the bytes a memory BIO holds, without consuming them. */
static inline long shim_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline void shim_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

/* STACK_OF(GENERAL_NAME) accessors are macros over OPENSSL_sk_* with type-checking casts. */
static inline int shim_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

static inline GENERAL_NAME *shim_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}

#endif
