/* derivesettings.c: a derive's settings and inputs as canonical JSON (cJSON, keys in a fixed
 * order) and their hash. */
#include "ifscat/derivesettings.h"

#include "ifscat/version.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_mcmc(cJSON *parent, const char *key, const ifs_mcmc_settings *m)
{
    cJSON *o = cJSON_AddObjectToObject(parent, key);
    cJSON_AddNumberToObject(o, "walkers", m->nwalkers);
    cJSON_AddNumberToObject(o, "steps", m->nsteps);
    cJSON_AddNumberToObject(o, "burn", m->burn);
    cJSON_AddNumberToObject(o, "thin", m->thin);
    cJSON_AddNumberToObject(o, "stretch", m->a);
    cJSON_AddNumberToObject(o, "check_every", m->check_every);
    cJSON_AddNumberToObject(o, "tau_factor", m->tau_factor);
    cJSON_AddNumberToObject(o, "tau_rtol", m->tau_rtol);
}

/* A finite number, or null. */
static cJSON *number_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

int ifs_derivesettings_json(const ifs_calibration *cal, const ifs_derive_settings *set, const ifs_derive_inputs *in,
                            char **json, char sha256[IFS_SHA256_HEX], ifs_error *err)
{
    *json = NULL;
    char text[32];
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "software_version", IFS_VERSION);
    cJSON *c = cJSON_AddObjectToObject(root, "calibration");
    cJSON_AddStringToObject(c, "name", cal->name);
    cJSON_AddStringToObject(c, "sha256", cal->sha256);
    cJSON *diag = cJSON_AddArrayToObject(root, "diagnostics");
    for (int d = 0; d < set->oh.ndiag; d++)
        cJSON_AddItemToArray(diag, cJSON_CreateString(set->oh.diag[d]));
    cJSON_AddNumberToObject(root, "oh_snr_min", set->oh.snr_min);
    cJSON_AddNumberToObject(root, "map_snr", set->map_snr);
    cJSON_AddNumberToObject(root, "ne3o2_map_snr", set->ne3o2_map_snr);
    cJSON_AddNumberToObject(root, "av_snr", set->av_snr);
    snprintf(text, sizeof text, "%llu", (unsigned long long)set->oh.mcmc.seed); /* beyond a double's 53 bits */
    cJSON_AddStringToObject(root, "seed", text);
    snprintf(text, sizeof text, "%llu", (unsigned long long)set->gradient.seed);
    cJSON_AddStringToObject(root, "gradient_seed", text);
    add_mcmc(root, "oh_mcmc", &set->oh.mcmc);
    add_mcmc(root, "gradient_mcmc", &set->gradient);
    cJSON *fit = cJSON_AddObjectToObject(root, "fit");
    cJSON_AddNumberToObject(fit, "fit_id", (double)in->fit_id);
    cJSON_AddStringToObject(fit, "settings_sha256", in->fit_settings_sha256);
    cJSON_AddNumberToObject(root, "z", in->z);
    cJSON_AddNumberToObject(root, "mu", in->mu);
    if (in->mass_property_id > 0) {
        cJSON *m = cJSON_AddObjectToObject(root, "stellar_mass");
        cJSON_AddNumberToObject(m, "property_id", (double)in->mass_property_id);
        cJSON_AddNumberToObject(m, "logm", in->log_mstar);
    } else {
        cJSON_AddNullToObject(root, "stellar_mass");
    }
    cJSON *h = cJSON_AddObjectToObject(root, "host");
    cJSON_AddItemToObject(h, "ra_deg", number_or_null(in->host_ra_deg));
    cJSON_AddItemToObject(h, "dec_deg", number_or_null(in->host_dec_deg));
    cJSON_AddItemToObject(h, "scale_kpc_arcsec", number_or_null(in->host_scale_kpc_arcsec));
    cJSON *sats = cJSON_AddArrayToObject(root, "satellites");
    for (size_t i = 0; i < in->nsatellites; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddNumberToObject(s, "target_id", (double)in->satellites[i].target_id);
        cJSON_AddNumberToObject(s, "ra_deg", in->satellites[i].ra_deg);
        cJSON_AddNumberToObject(s, "dec_deg", in->satellites[i].dec_deg);
        cJSON_AddItemToArray(sats, s);
    }
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!out)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for the derive settings");
    ifs_sha256_buffer(out, strlen(out), sha256);
    *json = out;
    return IFS_OK;
}
