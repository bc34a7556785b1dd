/* analysis.h: options shared by the analysis commands (fmr, compare, relations, gradient-stats):
 * the sample, the seed and thread count of their random draws, and literature selections. */
#ifndef IFSCAT_CLI_ANALYSIS_H
#define IFSCAT_CLI_ANALYSIS_H

#include "cli.h"

#include "ifscat/sample.h"

#include <stddef.h>
#include <stdint.h>

/* The seed of every analysis command's random draws, fixed so that a run is reproducible; --seed
 * changes it. */
#define CLI_ANALYSIS_SEED 20240
enum { CLI_MAX_LITSEL = 16 };

typedef struct cli_analysis {
    ifs_sample_kind sample;
    ifs_values values; /* --imported */
    uint64_t seed;
    int threads; /* 0: one per core */
    ifs_litsel sel[CLI_MAX_LITSEL];
    size_t nsel;
} cli_analysis;

enum { OPT_SAMPLE = 3000, OPT_IMPORTED, OPT_SEED, OPT_THREADS, OPT_WITH_LIT, OPT_ANALYSIS_END };
/* For getopt tables: --sample S and --imported (the own sample's imported values); --seed N,
 * --threads N. */
#define CLI_SAMPLE_OPTIONS {"sample", required_argument, NULL, OPT_SAMPLE}, {"imported", no_argument, NULL, OPT_IMPORTED}
#define CLI_SEED_OPTION {"seed", required_argument, NULL, OPT_SEED}
#define CLI_THREADS_OPTION {"threads", required_argument, NULL, OPT_THREADS}
/* --with-literature SOURCE[:ZMIN-ZMAX], repeatable. */
#define CLI_LITERATURE_OPTION {"with-literature", required_argument, NULL, OPT_WITH_LIT}

/* Help of --imported. */
#define CLI_IMPORTED_HELP                                                                          \
    "  --imported      the own sample's imported values (published, SED: view imported_property)\n" \
    "                  instead of the best ones, which prefer what ifscat derived (best_property):\n" \
    "                  the published analysis on a catalog that 'ifscat process' has filled\n"

/* "main", or "main, imported values" with --imported: names the own sample in outputs. */
const char *cli_analysis_sample_label(const cli_analysis *a, char *buf, size_t size);

/* Defaults: the given sample, CLI_ANALYSIS_SEED, all cores, no literature. */
void cli_analysis_init(cli_analysis *a, ifs_sample_kind sample);

/* The end of an analysis command's option loop: handles one of the options above, else does what
 * cli_option does (--help, common options, unknown options).  Returns -1 when opt was handled
 * (go on), else the exit status to return at once. */
int cli_analysis_option(cli_analysis *a, ifs_cli *cli, int opt, const char *arg, char *const *argv,
                        const char *usage);

#endif
