/* ifscat/relation.h: the library of published scaling relations (main sequences, mass-metallicity
 * and fundamental metallicity relations), read from JSON files so that users can add their own
 * without recompiling (data/relations/README.md describes the format).
 *
 * A relation predicts one quantity (log SFR or 12+log(O/H)) from some of: log M*, log SFR, z and the
 * age of the universe.  Two functional forms exist:
 *   "curti2020":  y = Z0 - (gamma/beta) log10(1 + (M/M0)^-beta), log M0 = m0 + m1 log SFR
 *                 (the MZR and FMR parametrisations of Curti et al. 2020, MNRAS 491, 944, as
 *                 written in science.md section 7; m1 = 0 gives the MZR);
 *   "polynomial": y = sum_k c_k prod_v (var_v - offset_v)^(power_kv). */
#ifndef IFSCAT_RELATION_H
#define IFSCAT_RELATION_H

#include <stddef.h>

#include "ifscat/error.h"

/* The inputs a relation may use, in this order in every vars[] array. */
typedef enum {
    IFS_VAR_LOGM,    /* log10 M* / Msun */
    IFS_VAR_LOGSFR,  /* log10 SFR / (Msun/yr) */
    IFS_VAR_Z,       /* redshift */
    IFS_VAR_AGE_GYR, /* age of the universe at z, Gyr */
    IFS_VAR_COUNT
} ifs_relation_var;

/* What the relation is, which also fixes the quantity it predicts. */
typedef enum {
    IFS_RELATION_MS,  /* star-forming main sequence: predicts log SFR */
    IFS_RELATION_MZR, /* mass-metallicity relation: predicts 12+log(O/H) */
    IFS_RELATION_FMR  /* fundamental metallicity relation: predicts 12+log(O/H) */
} ifs_relation_kind;

typedef struct ifs_relation ifs_relation;
typedef struct ifs_relation_library ifs_relation_library;

/* Machine name of a variable ("logm", "logsfr", "z", "age_gyr") and of a kind ("ms", "mzr", "fmr"). */
const char *ifs_relation_var_name(ifs_relation_var v);
const char *ifs_relation_kind_name(ifs_relation_kind k);
/* The quantity a kind predicts: "logsfr" for ms, "oh" for mzr and fmr. */
const char *ifs_relation_kind_predicts(ifs_relation_kind k);

/* Parses one relation from JSON text; where names the source (a file) in error messages, which
 * name the offending key.  *out is NULL on failure; free with ifs_relation_free. */
int ifs_relation_parse(const char *json, const char *where, ifs_relation **out, ifs_error *err);
void ifs_relation_free(ifs_relation *rel);

/* Reads every *.json file of the given directories (missing directories are skipped, unreadable or
 * invalid files are errors naming the file).  A name defined twice is an error naming both files.
 * *out is NULL on failure; free with ifs_relation_library_free. */
int ifs_relation_library_load(const char *const *dirs, size_t ndirs, ifs_relation_library **out,
                              ifs_error *err);
/* The directories of $IFSCAT_RELATIONS (colon-separated, the user's own relations) followed by the
 * shipped data/relations. */
int ifs_relation_library_open(ifs_relation_library **out, ifs_error *err);
void ifs_relation_library_free(ifs_relation_library *lib);

size_t ifs_relation_library_count(const ifs_relation_library *lib);
/* Relations sorted by name; borrowed, valid until the library is freed. */
const ifs_relation *ifs_relation_library_at(const ifs_relation_library *lib, size_t i);
/* The relation called name, or NULL with err naming the known relations. */
const ifs_relation *ifs_relation_library_find(const ifs_relation_library *lib, const char *name,
                                              ifs_error *err);

const char *ifs_relation_name(const ifs_relation *rel);
ifs_relation_kind ifs_relation_kind_of(const ifs_relation *rel);
const char *ifs_relation_reference(const ifs_relation *rel); /* author, year, journal, equation */
const char *ifs_relation_description(const ifs_relation *rel);
const char *ifs_relation_equation(const ifs_relation *rel);  /* the formula as text */
const char *ifs_relation_calibration(const ifs_relation *rel); /* metallicity scale / IMF notes */
const char *ifs_relation_validity_note(const ifs_relation *rel);
const char *ifs_relation_file(const ifs_relation *rel); /* the file it was read from, or "" */
/* 1 when the relation reads variable v. */
int ifs_relation_uses(const ifs_relation *rel, ifs_relation_var v);
/* Validity range of v: 1 and [*lo, *hi] when one is stated, else 0. */
int ifs_relation_range(const ifs_relation *rel, ifs_relation_var v, double *lo, double *hi);

/* The prediction at vars[IFS_VAR_COUNT]; NAN when a variable the relation uses is not finite. */
double ifs_relation_eval(const ifs_relation *rel, const double *vars);
/* The predictions for n points that share z and age_gyr: out[i] at (logm[i], logsfr[i], z, age_gyr),
 * with the same NAN rule (the Monte-Carlo inner loop: one call per galaxy, not per draw). */
void ifs_relation_eval_n(const ifs_relation *rel, size_t n, const double *logm, const double *logsfr,
                         double z, double age_gyr, double *out);
/* 1 when every variable with a stated validity range lies inside it (a non-finite value does not);
 * variables without a stated range always hold. */
int ifs_relation_in_range(const ifs_relation *rel, const double *vars);

#endif
