/* cmd_cosmology.c: `ifscat cosmology Z`: distances, lensing-corrected scale, age and lookback time
 * in flat Lambda-CDM (no database). */
#include "cli.h"

#include "ifscat/cosmology.h"
#include "ifscat/records.h"

#include <stdio.h>

static const char usage[] =
    "usage: ifscat cosmology Z [--mu MU] [--H0 H0] [--Om OM] [--format " CLI_FORMATS "] [-o FILE]\n"
    "\n"
    "Luminosity and angular-diameter distances (Mpc), physical scale (kpc/arcsec, divided by\n"
    "sqrt(mu) for a lensed source), age of the universe and lookback time (Gyr) at redshift Z,\n"
    "in a flat Lambda-CDM universe without radiation, by numerical integration (GSL, relative\n"
    "accuracy 1e-9).\n"
    "\n"
    "Options:\n"
    "  --mu MU         lensing magnification (default 1)\n"
    "  --H0 H0         Hubble constant in km/s/Mpc (default 67.4, as the study)\n"
    "  --Om OM         matter density Omega_m (default 0.315, as the study)\n"
    CLI_LISTING_HELP
    "\n"
    "Example:\n"
    "  ifscat cosmology 8.15 --mu 3.29      # 2.680 kpc/arcsec\n";

int cmd_cosmology(int argc, char **argv, ifs_cli *cli)
{
    enum { OPT_MU = 2000, OPT_H0, OPT_OM };
    static const struct option options[] = {CLI_COMMON_OPTIONS, CLI_LISTING_OPTIONS,
                                            {"mu", required_argument, NULL, OPT_MU},
                                            {"H0", required_argument, NULL, OPT_H0},
                                            {"Om", required_argument, NULL, OPT_OM}, {0}};
    static const ifs_column cols[] = {
        {"z", IFS_COL_REAL, "", 4, "redshift"},
        {"mu", IFS_COL_REAL, "", 3, "lensing magnification"},
        {"dl_mpc", IFS_COL_REAL, "Mpc", 2, "luminosity distance"},
        {"da_mpc", IFS_COL_REAL, "Mpc", 2, "angular-diameter distance"},
        {"kpc_per_arcsec", IFS_COL_REAL, "kpc/arcsec", 4, "physical scale, divided by sqrt(mu)"},
        {"age_gyr", IFS_COL_REAL, "Gyr", 4, "age of the universe at z"},
        {"lookback_gyr", IFS_COL_REAL, "Gyr", 4, "lookback time to z"},
        {"h0", IFS_COL_REAL, "km/s/Mpc", 2, "Hubble constant"},
        {"omega_m", IFS_COL_REAL, "", 3, "matter density (flat: Omega_Lambda = 1 - Omega_m)"},
    };
    ifs_cosmology cosmo = IFS_COSMOLOGY_DEFAULT;
    double mu = 1.0;
    int opt;
    optind = 0;
    while ((opt = cli_getopt(argc, argv, "hqo:", options)) != -1) {
        double *target = opt == OPT_MU ? &mu : opt == OPT_H0 ? &cosmo.h0 : opt == OPT_OM ? &cosmo.omega_m : NULL;
        if (target) {
            if (ifs_parse_double(optarg, target))
                return cli_usage_error(usage, "'%s' is not a number", optarg);
            continue;
        }
        int rc = cli_option(cli, opt, optarg, argv, usage);
        if (rc >= 0)
            return rc;
    }
    double z;
    if (argc - optind != 1)
        return cli_usage_error(usage, "cosmology needs one redshift Z");
    if (ifs_parse_double(argv[optind], &z))
        return cli_usage_error(usage, "redshift '%s' is not a number", argv[optind]);
    ifs_distances d;
    ifs_error err;
    if (ifs_cosmology_distances(&cosmo, z, mu, &d, &err))
        return cli_fail(&err);
    ifs_table *t = ifs_table_alloc("cosmology", CLI_COUNT(cols), cols);
    if (!t || ifs_table_append(t) < 0) {
        ifs_table_free(t);
        return EXIT_FAIL;
    }
    const double values[] = {z, mu, d.dl_mpc, d.da_mpc, d.kpc_per_arcsec, d.age_gyr, d.lookback_gyr, cosmo.h0,
                             cosmo.omega_m};
    for (size_t c = 0; c < CLI_COUNT(values); c++)
        ifs_table_set_real(t, 0, c, values[c]);
    int rc = cli_write_table(cli, t);
    ifs_table_free(t);
    return rc;
}
