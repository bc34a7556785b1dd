/* cmd_relation.c: `ifscat relation list|show`: the library of published scaling relations
 * (data/relations/ and the directories in $IFSCAT_RELATIONS). */
#include "cli.h"

#include "ifscat/relation.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ifscat relation list [--format F] [-o FILE]\n"
    "       ifscat relation show NAME [--format F] [-o FILE]\n"
    "\n"
    "The relation library: published main sequences, mass-metallicity and fundamental metallicity\n"
    "relations, each with its reference, formula and validity range, read from data/relations/*.json\n"
    "and from the directories in $IFSCAT_RELATIONS (colon-separated; add your own relations there in\n"
    "the same format, see data/relations/README.md).  'ifscat compare --relation NAME' measures the\n"
    "catalog's offsets from any of them.\n"
    "\n"
    "  list           every relation: name, kind, what it predicts, validity, reference\n"
    "  show NAME      one relation in full\n"
    CLI_LISTING_HELP
    "\n"
    "Example:\n"
    "  ifscat relation show curti2020_fmr\n";

static void validity_text(const ifs_relation *rel, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int v = 0; v < IFS_VAR_COUNT; v++) {
        double lo, hi;
        if (ifs_relation_range(rel, (ifs_relation_var)v, &lo, &hi))
            snprintf(buf + strlen(buf), n - strlen(buf), "%s%s %g..%g", *buf ? ", " : "",
                     ifs_relation_var_name((ifs_relation_var)v), lo, hi);
    }
}

static int open_library(ifs_relation_library **lib)
{
    ifs_error err;
    return ifs_relation_library_open(lib, &err) ? cli_fail(&err) : EXIT_OK;
}

static int write_or_fail(const ifs_cli *cli, ifs_table *t, int ok)
{
    int status = EXIT_FAIL;
    if (ok)
        status = cli_write_table(cli, t);
    else
        fprintf(stderr, "ifscat: out of memory\n");
    ifs_table_free(t);
    return status;
}

static int relation_list(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"name", IFS_COL_TEXT, "", 0, "relation name (for compare --relation)"},
        {"kind", IFS_COL_TEXT, "", 0, "ms (main sequence), mzr or fmr"},
        {"predicts", IFS_COL_TEXT, "", 0, "logsfr or oh (12+log(O/H))"},
        {"validity", IFS_COL_TEXT, "", 0, "stated validity ranges of its inputs"},
        {"reference", IFS_COL_TEXT, "", 0, "publication"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc != first)
        return cli_usage_error(usage, "relation list takes no arguments");
    ifs_relation_library *lib;
    if (open_library(&lib))
        return EXIT_FAIL;
    ifs_table *t = ifs_table_alloc("relation library", CLI_COUNT(cols), cols);
    int ok = t != NULL;
    for (size_t i = 0; ok && i < ifs_relation_library_count(lib); i++) {
        const ifs_relation *rel = ifs_relation_library_at(lib, i);
        char validity[256];
        validity_text(rel, validity, sizeof validity);
        long row = ifs_table_append(t);
        ifs_relation_kind kind = ifs_relation_kind_of(rel);
        ok = row >= 0 && !ifs_table_set_text(t, (size_t)row, 0, ifs_relation_name(rel)) &&
             !ifs_table_set_text(t, (size_t)row, 1, ifs_relation_kind_name(kind)) &&
             !ifs_table_set_text(t, (size_t)row, 2, ifs_relation_kind_predicts(kind)) &&
             !ifs_table_set_text(t, (size_t)row, 3, *validity ? validity : NULL) &&
             !ifs_table_set_text(t, (size_t)row, 4, ifs_relation_reference(rel));
    }
    ifs_relation_library_free(lib);
    return write_or_fail(cli, t, ok);
}

static int relation_show(int argc, char **argv, ifs_cli *cli)
{
    static const ifs_column cols[] = {
        {"field", IFS_COL_TEXT, "", 0, "property of the relation"},
        {"value", IFS_COL_TEXT, "", 0, "its value"},
    };
    int first, rc = cli_parse_options(argc, argv, usage, 1, cli, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 1)
        return cli_usage_error(usage, "relation show needs one NAME");
    ifs_relation_library *lib;
    if (open_library(&lib))
        return EXIT_FAIL;
    ifs_error err;
    const ifs_relation *rel = ifs_relation_library_find(lib, argv[first], &err);
    if (!rel) {
        ifs_relation_library_free(lib);
        return cli_fail(&err);
    }
    char validity[256], title[160];
    validity_text(rel, validity, sizeof validity);
    snprintf(title, sizeof title, "relation %s", ifs_relation_name(rel));
    ifs_relation_kind kind = ifs_relation_kind_of(rel);
    const char *fields[][2] = {
        {"name", ifs_relation_name(rel)},
        {"kind", ifs_relation_kind_name(kind)},
        {"predicts", ifs_relation_kind_predicts(kind)},
        {"equation", ifs_relation_equation(rel)},
        {"reference", ifs_relation_reference(rel)},
        {"description", ifs_relation_description(rel)},
        {"calibration", ifs_relation_calibration(rel)},
        {"validity", validity},
        {"validity_note", ifs_relation_validity_note(rel)},
        {"file", ifs_relation_file(rel)},
    };
    ifs_table *t = ifs_table_alloc(title, CLI_COUNT(cols), cols);
    int ok = t != NULL;
    for (size_t i = 0; ok && i < CLI_COUNT(fields); i++) {
        long row = ifs_table_append(t);
        ok = row >= 0 && !ifs_table_set_text(t, (size_t)row, 0, fields[i][0]) &&
             !ifs_table_set_text(t, (size_t)row, 1, *fields[i][1] ? fields[i][1] : NULL);
    }
    ifs_relation_library_free(lib);
    return write_or_fail(cli, t, ok);
}

int cmd_relation(int argc, char **argv, ifs_cli *cli)
{
    static const cli_action actions[] = {{"list", relation_list}, {"show", relation_show}};
    return cli_run_action(argc, argv, cli, actions, CLI_COUNT(actions), usage);
}
