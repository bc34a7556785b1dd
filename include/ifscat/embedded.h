/* ifscat/embedded.h: the private PostgreSQL cluster that ifscat creates and runs itself under
 * $IFSCAT_HOME, listening on a Unix socket only. */
#ifndef IFSCAT_EMBEDDED_H
#define IFSCAT_EMBEDDED_H

#include <limits.h>

#include "ifscat/error.h"

typedef struct ifs_embedded {
    char home[PATH_MAX];    /* $IFSCAT_HOME, default ~/.local/share/ifscat */
    char root[PATH_MAX];    /* where the cluster lives: home, or /var/lib/ifscat/<hash> as root */
    char pgdata[PATH_MAX];  /* root/pgdata */
    char sockdir[PATH_MAX]; /* root/run: the Unix socket directory */
    char logfile[PATH_MAX]; /* root/server.log */
    char bindir[PATH_MAX];  /* PostgreSQL server binaries */
    char server_user[64];   /* "" when the server runs as the calling user; "postgres" as root */
} ifs_embedded;

/* Works out the paths.  As root the server runs as an unprivileged user (IFSCAT_SERVER_USER,
 * default postgres); when that user cannot enter $IFSCAT_HOME (e.g. under /root), the cluster is
 * kept in /var/lib/ifscat/<hash of the home path> instead. */
int ifs_embedded_locate(ifs_embedded *e, ifs_error *err);

/* Whether the cluster has been initialised, and whether its server answers. */
int ifs_embedded_exists(const ifs_embedded *e);
int ifs_embedded_running(const ifs_embedded *e);

/* Initialises (initdb, once) and starts the server if it is not running, under a file lock so that
 * concurrent first uses do not race.  *created is set when initdb ran (may be NULL). */
int ifs_embedded_start(const ifs_embedded *e, int *created, ifs_error *err);
/* Stops the server (fast shutdown) if it is running. */
int ifs_embedded_stop(const ifs_embedded *e, ifs_error *err);

/* The libpq connection string for the cluster's catalog database. */
void ifs_embedded_conninfo(const ifs_embedded *e, char *buf, size_t bufsize);

#endif
