/* fitsettings.c: a fit's settings as canonical JSON (cJSON, keys in a fixed order) and their hash. */
#include "ifscat/fitsettings.h"

#include "ifscat/version.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/* A positive number, or null for "the default" (0). */
static cJSON *number_or_null(double v)
{
    return v > 0 ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

int ifs_fitsettings_json(const ifs_obsfit_options *opt, const char *grating, int is_cube, double scale_kpc_arcsec,
                         char **json, char sha256[IFS_SHA256_HEX], ifs_error *err)
{
    *json = NULL;
    const ifs_specfit_settings *s = &opt->set;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "software_version", IFS_VERSION);
    cJSON *lines = cJSON_AddObjectToObject(root, "lines");
    cJSON_AddStringToObject(lines, "name", opt->list->name);
    cJSON_AddStringToObject(lines, "sha256", opt->list->sha256);
    cJSON_AddStringToObject(root, "grating", grating);
    cJSON_AddNumberToObject(root, "z_prior", s->z);
    cJSON_AddNumberToObject(root, "z_halfwidth", s->z_halfwidth);
    cJSON_AddNumberToObject(root, "z_tie", s->z_tie);
    cJSON_AddNumberToObject(root, "scale_min", s->scale_min);
    cJSON_AddNumberToObject(root, "scale_max", s->scale_max);
    cJSON_AddNumberToObject(root, "snr_min", s->snr_min);
    cJSON_AddNumberToObject(root, "fit_window_fwhm", s->fit_window_fwhm);
    cJSON_AddNumberToObject(root, "line_mask_fwhm", s->line_mask_fwhm);
    cJSON_AddNumberToObject(root, "min_side_points", (double)s->min_side_points);
    cJSON_AddBoolToObject(root, "background", opt->background);
    cJSON *kinds = cJSON_AddArrayToObject(root, "regions");
    if (is_cube) {
        for (int k = IFS_REGION_SPAXEL; k <= IFS_REGION_ANNULUS; k++)
            if (opt->regions.kinds & (1u << k))
                cJSON_AddItemToArray(kinds, cJSON_CreateString(ifs_region_kind_name(k)));
        cJSON_AddItemToObject(root, "aperture_radius", number_or_null(opt->regions.aperture_radius));
        cJSON_AddItemToObject(root, "annuli", number_or_null((double)opt->regions.nannuli));
        cJSON_AddNumberToObject(root, "line_extent_snr", opt->regions.snr_min);
        cJSON_AddItemToObject(root, "scale_kpc_arcsec", number_or_null(scale_kpc_arcsec));
    } else {
        cJSON_AddItemToArray(kinds, cJSON_CreateString(ifs_region_kind_name(IFS_REGION_SPECTRUM)));
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return ifs_error_set(err, IFS_ERR_NOMEM, "out of memory for the fit settings");
    ifs_sha256_buffer(text, strlen(text), sha256);
    *json = text;
    return IFS_OK;
}
