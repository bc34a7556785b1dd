/* ifscat/deriving.h: deriving an observation's quantities from its fit in the catalog and storing
 * them (sql/0004_derived.sql): one derive per fit, in one transaction, incrementally (the same
 * settings and inputs again write nothing); galaxy-level values also into galaxy_property. */
#ifndef IFSCAT_DERIVING_H
#define IFSCAT_DERIVING_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "ifscat/derive.h"
#include "ifscat/digest.h"
#include "ifscat/error.h"

typedef struct ifs_deriving_options {
    const char *target;        /* name of an existing target (required) */
    long long observation_id;  /* 0: the target's current observation, which must be the only one */
    const char *calibration;   /* shipped name or file; NULL: IFS_CALIBRATION_DEFAULT */
    uint64_t seed;
    int nthreads;              /* <= 0: the online processors */
} ifs_deriving_options;

typedef struct ifs_deriving_report {
    int unchanged;             /* 1: the fit already has a derive with these settings and inputs */
    long long observation_id, fit_id;
    long long derive_id;       /* the new derive, or the existing one when unchanged */
    long long replaced_derive_id; /* the derive of the same fit this one replaced, 0 if none */
    char settings_sha256[IFS_SHA256_HEX];
    char calibration[64];
    size_t nregions, noh;      /* regions, and those with a metallicity */
    char oh_diagnostics[64];   /* of the integrated spectrum */
    ifs_derive_galaxy galaxy;  /* the galaxy's values (when not unchanged) */
    size_t nsatellites;        /* separations computed */
    long properties_changed;   /* galaxy_property values written (new or superseding) */
    double seconds_load, seconds_derive, seconds_write;
} ifs_deriving_report;

/* Derives the quantities of opt->target's observation from its current fit over conn (not inside a
 * transaction): the calibration is loaded, the target, observation, fit, SED mass (the imported
 * 'logm', view imported_property) and satellites with positions are looked up and hashed
 * (derivesettings.h).  An existing derive of the fit with the same hash returns with
 * rep->unchanged set, without reading the fit.  Otherwise the fit is read, everything derived
 * (derive.h), and in one transaction, under an advisory lock on the fit, the fit's previous derive
 * is deleted and the new one written, with the galaxy-level values (oh, logsfr, av, gradient;
 * host_sep_kpc of satellites) into galaxy_property with source 'ifscat' (a value this derive cannot
 * determine any more is retired).  On any failure the catalog is as before: IFS_ERR_INPUT for an
 * unknown target, a target without current observation or with several, an observation of another
 * target, an observation without fit, a bad calibration (file and key named). */
int ifs_deriving_run(PGconn *conn, const ifs_deriving_options *opt, ifs_deriving_report *rep, ifs_error *err);

#endif
