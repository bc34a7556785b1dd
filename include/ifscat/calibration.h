/* ifscat/calibration.h: strong-line metallicity calibrations as data (data/calibrations/NAME.json
 * or a user's file): per diagnostic a polynomial in x = 12+log(O/H) - x_offset, its intrinsic
 * scatter with provenance, the lines in its ratio, and the valid metallicity range. */
#ifndef IFSCAT_CALIBRATION_H
#define IFSCAT_CALIBRATION_H

#include <stddef.h>

#include "ifscat/digest.h"
#include "ifscat/error.h"

#define IFS_CAL_MAX_DIAG 8
#define IFS_CAL_MAX_COEF 8
#define IFS_CAL_MAX_TERMS 4

typedef struct ifs_diagnostic {
    char name[16];                          /* "R3", "Ne3O2", ... */
    int nnum, nden;
    char numerator[IFS_CAL_MAX_TERMS][32];  /* line names (data/lines.json) summed on top */
    char denominator[IFS_CAL_MAX_TERMS][32];
    int ncoef;
    double coef[IFS_CAL_MAX_COEF];          /* log10(ratio) = sum_k coef[k] x^k */
    double sigma_int;                       /* intrinsic scatter, dex */
    char sigma_int_source[256];
} ifs_diagnostic;

typedef struct ifs_calibration {
    char name[64];
    char reference[512];
    char path[4096];
    char sha256[IFS_SHA256_HEX]; /* of the file: part of a derive's inputs */
    double x_offset;             /* x = 12+log(O/H) - x_offset */
    double oh_min, oh_max;       /* valid range of 12+log(O/H) */
    int ndiag;
    ifs_diagnostic diag[IFS_CAL_MAX_DIAG];
} ifs_calibration;

/* Loads a calibration by shipped name ("sanders2024", "curti2020": data/calibrations/NAME.json) or
 * by path of a JSON file of the same layout.  Errors name the file and key. */
int ifs_calibration_load(const char *name_or_path, ifs_calibration *out, ifs_error *err);

/* The shipped default (science.md section 4): Sanders et al. 2024. */
#define IFS_CALIBRATION_DEFAULT "sanders2024"

/* Names of the shipped calibrations (sorted), in a malloc'ed array of malloc'ed strings;
 * *n gets the count.  Free with ifs_calibration_names_free. */
int ifs_calibration_names(char ***names, size_t *n, ifs_error *err);
void ifs_calibration_names_free(char **names, size_t n);

/* The diagnostic of that name, or NULL. */
const ifs_diagnostic *ifs_calibration_find(const ifs_calibration *cal, const char *diagnostic);

/* log10 of the diagnostic's ratio predicted at 12+log(O/H) = oh (Horner's rule). */
double ifs_diagnostic_eval(const ifs_diagnostic *d, double x_offset, double oh);

/* *oh = 12+log(O/H) of the diagnostic's first extremum strictly inside the calibration's valid
 * range (the turnover of R3, beyond which one ratio has two metallicities), or NAN when the
 * polynomial is monotonic there; *is_max (may be NULL) is 1 for a maximum.  The extrema are the
 * real roots of the derivative, from GSL's companion-matrix solver (gsl_poly_complex_solve).
 * Fails with IFS_ERR_NUMERIC when the solver does not converge. */
int ifs_diagnostic_turnover(const ifs_diagnostic *d, const ifs_calibration *cal, double *oh, int *is_max,
                            ifs_error *err);

#endif
