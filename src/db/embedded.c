/* embedded.c: the private PostgreSQL cluster under $IFSCAT_HOME: where it lives, initdb, start
 * and stop through pg_ctl (as an unprivileged user when run as root), Unix socket only. */
#include "ifscat/embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef IFS_PG_BINDIR
#define IFS_PG_BINDIR ""
#endif

/* Debian 12's PostgreSQL 15 server binaries, when pg_config was absent at build time. */
static const char default_bindir[] = "/usr/lib/postgresql/15/bin";

static int mkdir_p(const char *path, mode_t mode)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, mode) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, mode) && errno != EEXIST ? -1 : 0;
}

/* True when every existing directory on the way to path lets others through (o+x). */
static int reachable_by_others(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (;;) {
        struct stat st;
        if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode) && !(st.st_mode & S_IXOTH))
            return 0;
        char *slash = strrchr(buf, '/');
        if (!slash || slash == buf)
            return 1;
        *slash = '\0';
    }
}

/* FNV-1a, 64 bit: a stable short name for a home path. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int ifs_embedded_locate(ifs_embedded *e, ifs_error *err)
{
    memset(e, 0, sizeof *e);
    const char *home = getenv("IFSCAT_HOME");
    if (home && *home) {
        snprintf(e->home, sizeof e->home, "%s", home);
    } else {
        const char *uhome = getenv("HOME");
        if (!uhome || !*uhome) {
            struct passwd *pw = getpwuid(getuid());
            uhome = pw ? pw->pw_dir : NULL;
        }
        if (!uhome)
            return ifs_error_set(err, IFS_ERR_STATE, "cannot find a home directory: set IFSCAT_HOME");
        snprintf(e->home, sizeof e->home, "%s/.local/share/ifscat", uhome);
    }
    if (e->home[0] != '/') {
        char cwd[PATH_MAX], rel[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd))
            return ifs_error_set(err, IFS_ERR_IO, "cannot read the current directory");
        snprintf(rel, sizeof rel, "%s", e->home);
        snprintf(e->home, sizeof e->home, "%s/%s", cwd, rel);
    }
    const char *bindir = getenv("IFSCAT_PG_BINDIR");
    if (!bindir || !*bindir)
        bindir = *IFS_PG_BINDIR ? IFS_PG_BINDIR : default_bindir;
    snprintf(e->bindir, sizeof e->bindir, "%s", bindir);

    snprintf(e->root, sizeof e->root, "%s", e->home);
    if (geteuid() == 0) {
        const char *user = getenv("IFSCAT_SERVER_USER");
        snprintf(e->server_user, sizeof e->server_user, "%s", user && *user ? user : "postgres");
        if (!reachable_by_others(e->home))
            snprintf(e->root, sizeof e->root, "/var/lib/ifscat/%016llx",
                     (unsigned long long)fnv1a(e->home));
    }
    snprintf(e->pgdata, sizeof e->pgdata, "%s/pgdata", e->root);
    snprintf(e->sockdir, sizeof e->sockdir, "%s/run", e->root);
    snprintf(e->logfile, sizeof e->logfile, "%s/server.log", e->root);
    if (strlen(e->sockdir) + sizeof "/.s.PGSQL.5432" > 107)
        return ifs_error_set(err, IFS_ERR_STATE,
                             "IFSCAT_HOME path too long for a Unix socket (%s): choose a shorter one",
                             e->sockdir);
    return IFS_OK;
}

void ifs_embedded_conninfo(const ifs_embedded *e, char *buf, size_t bufsize)
{
    snprintf(buf, bufsize, "host=%s dbname=ifscat user=ifscat", e->sockdir);
}

int ifs_embedded_exists(const ifs_embedded *e)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/PG_VERSION", e->pgdata);
    return access(path, F_OK) == 0;
}

int ifs_embedded_running(const ifs_embedded *e)
{
    char conninfo[PATH_MAX + 64];
    ifs_embedded_conninfo(e, conninfo, sizeof conninfo);
    return PQping(conninfo) == PQPING_OK;
}

/* Runs a server program (as the server user when root) with output appended to the log file.
 * Returns the exit status, or -1 when it could not be started. */
static int run_program(const ifs_embedded *e, const char *program, const char *const *args)
{
    char exe[PATH_MAX + 64];
    snprintf(exe, sizeof exe, "%s/%s", e->bindir, program);
    const char *argv[32];
    int n = 0;
    if (*e->server_user) {
        argv[n++] = "runuser";
        argv[n++] = "-u";
        argv[n++] = e->server_user;
        argv[n++] = "--";
    }
    argv[n++] = exe;
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;

    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(e->logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        if (*e->server_user) {
            execv("/usr/sbin/runuser", (char *const *)argv);
            execvp("runuser", (char *const *)argv);
        } else {
            execv(exe, (char *const *)argv);
        }
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Gives the cluster directories to the server user (root case only). */
static int hand_over(const ifs_embedded *e, const char *path)
{
    if (!*e->server_user)
        return 0;
    struct passwd *pw = getpwnam(e->server_user);
    if (!pw)
        return -1;
    return chown(path, pw->pw_uid, pw->pw_gid);
}

static int initialise(const ifs_embedded *e, ifs_error *err)
{
    if (mkdir_p(e->root, 0755) || mkdir_p(e->sockdir, 0700))
        return ifs_error_set(err, IFS_ERR_IO, "cannot create %s: %s", e->root, strerror(errno));
    if (hand_over(e, e->root) || hand_over(e, e->sockdir))
        return ifs_error_set(err, IFS_ERR_STATE,
                             "cannot give %s to the server user '%s' (does that user exist?)", e->root,
                             e->server_user);
    int fd = open(e->logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0)
        close(fd);
    hand_over(e, e->logfile);

    const char *initdb_args[] = {"-D", e->pgdata, "-U", "ifscat", "-A", "trust", "-E", "UTF8",
                                 "--locale=C", NULL};
    int rc = run_program(e, "initdb", initdb_args);
    if (rc != 0)
        return ifs_error_set(err, IFS_ERR_STATE,
                             "initdb failed for %s (exit %d); see %s (is postgresql-15 installed in %s?)",
                             e->pgdata, rc, e->logfile, e->bindir);

    /* The cluster's own settings: private socket, no TCP, room for bulk ingests. */
    char conf[PATH_MAX + 32];
    snprintf(conf, sizeof conf, "%s/postgresql.conf", e->pgdata);
    FILE *f = fopen(conf, "a");
    if (!f)
        return ifs_error_set(err, IFS_ERR_IO, "cannot append to %s: %s", conf, strerror(errno));
    fprintf(f,
            "\n# ifscat embedded cluster: Unix socket only, private to its owner\n"
            "listen_addresses = ''\n"
            "unix_socket_directories = '%s'\n"
            "unix_socket_permissions = 0700\n"
            "max_wal_size = 2GB\n"
            "logging_collector = off\n",
            e->sockdir);
    if (fclose(f))
        return ifs_error_set(err, IFS_ERR_IO, "cannot write %s", conf);
    return IFS_OK;
}

static int start_server(const ifs_embedded *e, ifs_error *err)
{
    const char *args[] = {"-D", e->pgdata, "-l", e->logfile, "-w", "-t", "60", "start", NULL};
    int rc = run_program(e, "pg_ctl", args);
    if (rc != 0)
        return ifs_error_set(err, IFS_ERR_STATE, "the embedded PostgreSQL server did not start (pg_ctl exit %d); see %s",
                             rc, e->logfile);
    return IFS_OK;
}

/* Creates the catalog database unless it exists (initdb only makes "postgres"); *created says
 * whether it was made now. */
static int ensure_catalog_database(const ifs_embedded *e, int *created, ifs_error *err)
{
    char conninfo[PATH_MAX + 64];
    snprintf(conninfo, sizeof conninfo, "host=%s dbname=postgres user=ifscat", e->sockdir);
    PGconn *c = PQconnectdb(conninfo);
    int status = IFS_OK;
    PGresult *r = NULL;
    if (PQstatus(c) != CONNECTION_OK) {
        status = ifs_error_set(err, IFS_ERR_DB, "cannot reach the embedded server in %s", e->sockdir);
        goto exit;
    }
    r = PQexec(c, "SELECT 1 FROM pg_database WHERE datname = 'ifscat'");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        goto exit;
    PQclear(r);
    r = PQexec(c, "CREATE DATABASE ifscat");
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        status = ifs_error_set(err, IFS_ERR_DB, "cannot create the catalog database: %s",
                               PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
    else
        *created = 1;
exit:
    PQclear(r);
    PQfinish(c);
    return status;
}

/* Takes an exclusive lock on root/lock, held while starting or stopping; *fd is closed to
 * release it. */
static int lock_cluster(const ifs_embedded *e, int *fd, ifs_error *err)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/lock", e->root);
    if (mkdir_p(e->root, 0755))
        return ifs_error_set(err, IFS_ERR_IO, "cannot create %s: %s", e->root, strerror(errno));
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600); /* not inherited by the server */
    if (*fd < 0)
        return ifs_error_set(err, IFS_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    if (flock(*fd, LOCK_EX)) {
        close(*fd);
        return ifs_error_set(err, IFS_ERR_IO, "cannot lock %s: %s", path, strerror(errno));
    }
    return IFS_OK;
}

int ifs_embedded_start(const ifs_embedded *e, int *created, ifs_error *err)
{
    int made = 0, fd;
    int status = lock_cluster(e, &fd, err);
    if (status)
        return status;
    if (!ifs_embedded_exists(e) && (status = initialise(e, err)))
        goto exit;
    if (!ifs_embedded_running(e)) {
        if ((status = start_server(e, err)))
            goto exit;
        status = ensure_catalog_database(e, &made, err);
    }
exit:
    if (created)
        *created = made;
    close(fd); /* releases the lock */
    return status;
}

int ifs_embedded_stop(const ifs_embedded *e, ifs_error *err)
{
    if (!ifs_embedded_exists(e) || !ifs_embedded_running(e))
        return IFS_OK;
    int fd;
    int status = lock_cluster(e, &fd, err);
    if (status)
        return status;
    const char *args[] = {"-D", e->pgdata, "-m", "fast", "-w", "stop", NULL};
    int rc = run_program(e, "pg_ctl", args);
    close(fd);
    if (rc != 0)
        return ifs_error_set(err, IFS_ERR_STATE, "pg_ctl stop failed (exit %d); see %s", rc, e->logfile);
    return IFS_OK;
}
