#ifndef PRINTERCARE_CLIBPQ_SHIM_H
#define PRINTERCARE_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* The PG_DIAG_* codes are character-literal macros, which Swift does not import. */
static inline const char *pc_result_sqlstate(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_SQLSTATE);
}
static inline const char *pc_result_constraint(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
}
static inline const char *pc_result_column(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_COLUMN_NAME);
}
static inline const char *pc_result_primary_message(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
}

/* libpq prints NOTICE and WARNING messages to stderr by default; the server log keeps them. */
static inline void pc_ignore_notice(void *argument, const char *message) {
    (void)argument;
    (void)message;
}
static inline void pc_silence_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, pc_ignore_notice, NULL);
}
#endif
