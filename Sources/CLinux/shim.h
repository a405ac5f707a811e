#ifndef PRINTERCARE_CLINUX_SHIM_H
#define PRINTERCARE_CLINUX_SHIM_H
/* Linux-only headers Glibc's Swift module does not export: epoll and eventfd. */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

/* accept4 is declared only under _GNU_SOURCE, which a module header cannot safely define; the
   prototype below is the one in glibc's <sys/socket.h>. */
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
#endif
