/* analysis.c: parsing the options shared by the analysis commands. */
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>

void cli_analysis_init(cli_analysis *a, ifs_sample_kind sample)
{
    *a = (cli_analysis){.sample = sample, .seed = CLI_ANALYSIS_SEED};
}

const char *cli_analysis_sample_label(const cli_analysis *a, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", ifs_sample_kind_name(a->sample), a->values == IFS_VALUES_IMPORTED ? ", imported values" : "");
    return buf;
}

int cli_analysis_option(cli_analysis *a, ifs_cli *cli, int opt, const char *arg, char *const *argv,
                        const char *usage)
{
    ifs_error err;
    char *end;
    switch (opt) {
    case OPT_SAMPLE:
        if (ifs_sample_kind_parse(arg, &a->sample, &err))
            return cli_usage_error(usage, "%s", err.msg);
        return -1;
    case OPT_IMPORTED:
        a->values = IFS_VALUES_IMPORTED;
        return -1;
    case OPT_SEED:
        a->seed = strtoull(arg, &end, 10);
        if (*end || !*arg || *arg == '-')
            return cli_usage_error(usage, "--seed needs a whole number, not '%s'", arg);
        return -1;
    case OPT_THREADS: {
        long v = strtol(arg, &end, 10);
        if (*end || !*arg || v < 0 || v > 1024)
            return cli_usage_error(usage, "--threads needs a whole number from 0 (all cores) to 1024, not '%s'", arg);
        a->threads = (int)v;
        return -1;
    }
    case OPT_WITH_LIT:
        if (a->nsel == CLI_MAX_LITSEL)
            return cli_usage_error(usage, "at most %d --with-literature selections", CLI_MAX_LITSEL);
        if (ifs_litsel_parse(arg, &a->sel[a->nsel++], &err))
            return cli_usage_error(usage, "%s", err.msg);
        return -1;
    default:
        return cli_option(cli, opt, arg, argv, usage);
    }
}
