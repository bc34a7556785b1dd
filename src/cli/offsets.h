/* offsets.h: what `ifscat fmr` and `ifscat compare` share: the own sample's offsets from a relation
 * with Monte-Carlo errors, streamed from the catalog batch by batch into a result table, and the
 * sample's mean offset. */
#ifndef IFSCAT_CLI_OFFSETS_H
#define IFSCAT_CLI_OFFSETS_H

#include "analysis.h"

#include "ifscat/stats.h"
#include "ifscat/table.h"

#include <libpq-fe.h>
#include <stddef.h>

/* Monte-Carlo draws per galaxy: with the Latin hypercube table the 1-sigma widths are good to
 * about 2 per cent (rms over seeds, measured on the study's sample), well inside the 0.01 dex to
 * which offsets are quoted; --draws raises it. */
#define CLI_OFFSET_DRAWS 200

typedef struct cli_offsets {
    const char *relation;   /* name in the relation library */
    const char *offset_col; /* name of the offset column, e.g. "dfmr" */
    cli_analysis a;         /* sample, seed, threads */
    size_t draws;
    int summary_only;       /* print the one-row summary table instead of the per-galaxy table */
} cli_offsets;

/* Options common to fmr and compare, for their getopt tables and parsers. */
enum { OPT_DRAWS = OPT_ANALYSIS_END, OPT_SUMMARY, OPT_RELATION };
#define CLI_OFFSET_OPTIONS                                                                          \
    CLI_SAMPLE_OPTIONS, CLI_SEED_OPTION, CLI_THREADS_OPTION, {"draws", required_argument, NULL, OPT_DRAWS},        \
        {"summary", no_argument, NULL, OPT_SUMMARY}

/* Handles one of CLI_OFFSET_OPTIONS, else as cli_analysis_option: -1 when handled (go on), else
 * the exit status to return at once. */
int cli_offsets_option(cli_offsets *o, ifs_cli *cli, int opt, const char *arg, char *const *argv, const char *usage);

/* Streams the sample o->a.sample from conn and computes every target's offset from o->relation: a
 * table with the columns of `ifscat fmr` (name, kind, z, age_gyr, logm, logsfr, oh, predicted, the
 * offset column, its _lo and _hi errors, in_range), *ntargets rows, and the summary of the finite
 * offsets (n = 0 when there is none).  With out NULL the table is returned in *table; otherwise it
 * is written as it is made, in out's format to out's output (rows streamed for CSV and VOTable, so
 * that a million-row catalog needs no million-row table), and *table is NULL.  *table is NULL on
 * failure. */
int cli_offsets_compute(PGconn *conn, const cli_offsets *o, const ifs_cli *out, ifs_table **table, size_t *ntargets,
                        ifs_stats_summary *summary, ifs_error *err);

/* Connects, computes and writes the table (or the summary); exit status. */
int cli_offsets_run(const ifs_cli *cli, const cli_offsets *o);

#endif
