/* ifscat/fitting.h: fitting an observation's spectra, read from the catalog, and storing the result
 * (sql/0003_linefit.sql): one fit per observation, in one transaction, incrementally (the same
 * settings again write nothing; other settings replace the fit). */
#ifndef IFSCAT_FITTING_H
#define IFSCAT_FITTING_H

#include <libpq-fe.h>
#include <stddef.h>

#include "ifscat/digest.h"
#include "ifscat/error.h"
#include "ifscat/fitcube.h"

typedef struct ifs_fitting_options {
    const char *target;          /* name of an existing target (required) */
    long long observation_id;    /* 0: the target's current observation, which must be the only one */
    const char *lines_path;      /* line list; NULL: the shipped data/lines.json */
    unsigned kinds;              /* region kinds (bit flags 1u << kind); 0: spaxel, smoothed, aperture, annulus */
    double aperture_radius;      /* spaxels; 0: the extent of the line emission */
    size_t nannuli;              /* 0: out to the aperture radius */
    int background;              /* subtract a background from source-free spaxels first */
    int nthreads;                /* <= 0: the online processors */
    ifs_fitcube_progress progress; /* regions done, called from the fitting threads; may be NULL */
    void *ctx;
} ifs_fitting_options;

typedef struct ifs_fitting_report {
    int unchanged;               /* 1: the observation already has a fit with these settings */
    int concurrent;              /* unchanged because a concurrent fit committed it first */
    long long observation_id;
    long long fit_id;            /* the new fit, or the existing one when unchanged */
    long long replaced_fit_id;   /* the fit (other settings) this one replaced, 0 if none */
    char settings_sha256[IFS_SHA256_HEX];
    char disperser[32];          /* resolution curve used */
    size_t nregions, nkind[8];   /* regions, and per kind (ifs_region_kind) */
    double aperture_radius;      /* spaxels, 0 without aperture */
    int centre_x, centre_y;      /* centre of the aperture and annuli (0-based spaxels); -1 when not placed */
    int centre_from;             /* IFS_CENTRE_CONTINUUM or IFS_CENTRE_LINES (regions.h) */
    int headline_region;         /* the aperture, else the 1D spectrum; -1 when neither was fitted */
    double z;                    /* its redshift: the ok group with the most significant line; NaN if none */
    size_t nlines_ok;            /* its lines with status ok */
    double hbeta_snr, oiii_snr;  /* its H-beta and [OIII]5008 S/N (NaN: not measured or not in the list) */
    double seconds_load, seconds_fit, seconds_write;
} ifs_fitting_report;

/* Fits an observation of opt->target over conn (not inside a transaction): the line list is
 * loaded and checked, the observation found (opt->observation_id must belong to the target), and
 * the settings (ifscat/fitsettings.h) hashed.  An existing fit of the observation with the same
 * hash returns with rep->unchanged set, without reading any spectrum.  Otherwise the spectra are
 * read from the catalog (ifs_observation_load), fitted (ifs_obsfit_run), and in one transaction,
 * under an advisory lock on the observation, the previous fit is deleted (with everything hanging
 * on it) and the new one written with binary COPY.  On any failure the catalog is as before;
 * IFS_ERR_INPUT for an unknown target, a target without current observation or with several,
 * an unknown observation or one of another target, a bad line list (file and key named), a
 * disperser without resolution curve, and the input errors of ifs_obsfit_run. */
int ifs_fitting_run(PGconn *conn, const ifs_fitting_options *opt, ifs_fitting_report *rep, ifs_error *err);

#endif
