/* scratch.h: a scratch directory for the unit tests that write files (mkdtemp(dir) at the start,
 * scratch_remove() at the end), and what they check there: paths in it, whether a file exists,
 * how many entries it holds (no temporary file left behind), a file's bytes. */
#ifndef IFSCAT_SCRATCH_H
#define IFSCAT_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char dir[] = "/tmp/ifscat-test-scratch.XXXXXX";

/* dir/name, in one of 8 rotating buffers. */
static const char *path_in_dir(const char *name)
{
    static char buf[8][256];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 256, "%s/%s", dir, name);
    return p;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int dir_entries(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p && fscanf(p, "%d", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

/* The file's bytes (NUL-terminated, malloc'ed) and *size, or NULL and *size = -1. */
static char *slurp(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    *size = -1;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)*size + 1);
    if (s && fread(s, 1, (size_t)*size, f) != (size_t)*size)
        *size = -1;
    fclose(f);
    return s;
}

/* Removes the directory and what is in it; 0 on success. */
static int scratch_remove(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

#endif
