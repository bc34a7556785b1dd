/* test_mock.c: the mock forward model against injected truths and published numbers: the PRISM
 * grid, line profiles that integrate to one, the H-beta total, line ratios from the Sanders et
 * al. (2024) polynomials of science.md section 4 typed in here, the fixed ratios of section 3, the
 * published kpc/arcsec scale of section 1 in the gradient, satellites; then the written s3d file
 * read back: model values, noise at k x ERR, flagged fraction. */
#include "check.h"

#include "ifscat/cuberead.h"
#include "ifscat/mock.h"

#include <string.h>

static int line(const ifs_mock_model *m, const char *name)
{
    for (size_t l = 0; l < m->nlines; l++)
        if (strcmp(m->lines[l].name, name) == 0)
            return (int)l;
    CHECK(0, "no line %s", name);
    return 0;
}

static double total(const ifs_mock_model *m, const char *name)
{
    size_t nspax = m->p.nx * m->p.ny, l = (size_t)line(m, name);
    double s = 0;
    for (size_t i = 0; i < nspax; i++)
        s += m->line_map[l * nspax + i];
    return s;
}

int main(void)
{
    ifs_mock_params p;
    ifs_mock_model *m;
    ifs_error err;

    /* A large field, no PSF, flat metallicity: totals and ratios are exact injected truths. */
    ifs_mock_defaults(&p);
    p.nx = p.ny = 81;
    p.x0 = p.y0 = 40;
    p.z = 8.48; /* published scale 4.738 kpc/" at mu = 1 */
    p.rd_kpc = 0.3;
    p.psf_fwhm_arcsec = 0;
    p.oh0 = 7.62;
    p.hbeta = 812.5;
    if (ifs_mock_model_build(&p, &m, &err))
        SKIP(err.msg); /* shipped data missing: test_datafiles reports it */
    CHECK_CLOSE(m->kpc_per_arcsec, 4.738, 0.0005, "scale at z = 8.48 (science.md section 1)");
    CHECK(m->p.nwave == 941, "941 channels");
    CHECK_CLOSE(m->wave_um[0], 0.6, 1e-12, "first wavelength");
    CHECK_CLOSE(m->wave_um[940], 5.3, 1e-12, "last wavelength");
    int increasing = 1;
    for (size_t k = 1; k < m->p.nwave; k++)
        increasing &= m->wave_um[k] > m->wave_um[k - 1];
    CHECK(increasing, "wavelengths increase");
    /* Exponential disk of scale 0.3 kpc = 3.17 spaxels: outside the 81 x 81 field (radius >= 40
     * spaxels = 12.6 r_d) lies (1 + 12.6) exp(-12.6) < 5e-5 of the flux; the 5 x 5 midpoint
     * integration over each spaxel (step h = 0.063 r_d) errs by ~h^2/24 ~ 2e-4. */
    CHECK_REL(total(m, "Hbeta"), 812.5, 5e-4, "H-beta total = injected flux");
    /* Sanders et al. 2024 with x = 12+log(O/H) - 8 (science.md section 4). */
    double x = 7.62 - 8.0;
    double r3 = 0.834 - 0.072 * x - 0.453 * x * x, r2 = 0.067 + 1.069 * x, ne3o2 = -0.386 - 0.998 * x;
    CHECK_REL(total(m, "OIII5008") / total(m, "Hbeta"), pow(10, r3), 1e-9, "R3");
    CHECK_REL(total(m, "OII3728") / total(m, "Hbeta"), pow(10, r2), 1e-9, "R2");
    CHECK_REL(total(m, "NeIII3869") / total(m, "OII3728"), pow(10, ne3o2), 1e-9, "Ne3O2");
    /* Fixed ratios (science.md section 3) and Case B (Storey & Hummer 1995: H-gamma/H-beta 0.468,
     * H-delta/H-beta 0.259). */
    CHECK_REL(total(m, "OIII5008") / total(m, "OIII4960"), 2.99, 1e-9, "[OIII] 5008/4960");
    CHECK_REL(total(m, "NeIII3968") / total(m, "NeIII3869"), 0.301, 1e-9, "[NeIII] 3968/3869");
    CHECK_REL(total(m, "Hgamma") / total(m, "Hbeta"), 0.468, 1e-9, "H-gamma Case B");
    CHECK_REL(total(m, "Hdelta") / total(m, "Hbeta"), 0.259, 1e-9, "H-delta Case B");
    CHECK(total(m, "NeV3426") == 0 && !m->lines[line(m, "NeV3426")].injected, "[NeV] not injected");
    /* A line profile integrates to 1 over the channels (Gaussian well inside the range). */
    int hb = line(m, "Hbeta");
    double integral = 0;
    for (size_t k = 1; k + 1 < m->p.nwave; k++)
        integral += m->profile[(size_t)hb * 941 + k] * 0.5 * (m->wave_um[k + 1] - m->wave_um[k - 1]) * 1e4;
    CHECK_CLOSE(integral, 1.0, 1e-6, "H-beta profile integral");
    CHECK_CLOSE(m->lines[hb].obs_um, 0.486268 * 9.48, 1e-9, "H-beta observed wavelength");
    /* Continuum at H-beta: f_lambda = F(H-beta) / (EW (1 + z)); its map sums to that. */
    double cont = 0;
    for (size_t i = 0; i < 81 * 81; i++)
        cont += m->cont_map[i];
    CHECK_REL(cont, 812.5 / (150.0 * 9.48), 5e-4, "continuum from the rest EW");
    ifs_mock_model_free(m);

    /* A gradient: the host metallicity 10 spaxels (0.5") from the centre is oh0 + g r_kpc, with
     * the published scale; and a satellite adds its own flux. */
    p.nx = p.ny = 57;
    p.x0 = p.y0 = 28;
    p.psf_fwhm_arcsec = 0.15;
    p.gradient = -0.08;
    p.oh0 = 7.9;
    p.nsat = 1;
    p.sat[0] = (ifs_mock_satellite){.dx_arcsec = -0.7, .dy_arcsec = 0.4, .oh = 7.3, .hbeta = 55.0, .rd_kpc = 0.2};
    CHECK(ifs_mock_model_build(&p, &m, &err) == 0, "%s", err.msg);
    CHECK_CLOSE(m->oh_map[28 * 57 + 38], 7.9 - 0.08 * 0.5 * 4.738, 0.0005 * 0.08 * 0.5 + 1e-12,
                "gradient at 0.5 arcsec");
    CHECK_CLOSE(m->oh_map[28 * 57 + 28], 7.9, 1e-12, "central metallicity");
    /* The PSF keeps the flux (but for what spills out of the field, < 0.5% here). */
    CHECK_REL(total(m, "Hbeta"), 812.5 + 55.0, 5e-3, "host + satellite H-beta");
    ifs_mock_model_free(m);

    /* Written and read back.  Table and linear variants give the grids they state. */
    ifs_mock_defaults(&p);
    p.noise = 0.05;
    p.k = 2.5;
    p.bad_fraction = 0.004;
    p.seed = 99;
    const char *path = "build/tests/test_mock.fits";
    CHECK(ifs_mock_model_build(&p, &m, &err) == 0 && ifs_mock_write_fits(m, path, &err) == 0, "%s", err.msg);
    ifs_cube *c;
    CHECK(ifs_cube_read(path, NULL, &c, &err) == 0, "%s", err.msg);
    if (c) {
        size_t nspax = c->nx * c->ny, bad = 0, n = 0;
        double s2 = 0, maxdw = 0;
        for (size_t k = 0; k < c->nwave; k++)
            maxdw = fmax(maxdw, fabs(c->wave_um[k] - m->wave_um[k]));
        CHECK(maxdw < 1e-12, "table wavelengths read back (max diff %g um)", maxdw);
        for (size_t s = 0; s < nspax; s++)
            for (size_t k = 0; k < c->nwave; k++) {
                size_t i = ifs_cube_index(c, s % c->nx, s / c->nx, k);
                if (c->mask[i]) {
                    bad++;
                    continue;
                }
                double z = (c->flux[i] - ifs_mock_model_flux(m, s, k)) / c->err[i];
                s2 += z * z;
                n++;
            }
        double total_vox = (double)(nspax * c->nwave);
        /* Binomial: 0.004 N +- 5 sigma. */
        CHECK_CLOSE((double)bad, 0.004 * total_vox, 5 * sqrt(0.004 * total_vox), "flagged voxels");
        /* (data - model) / ERR has standard deviation k; with N = 3e6 its estimate is good to
         * k / sqrt(2N) = 1e-3. */
        CHECK_CLOSE(sqrt(s2 / (double)n), 2.5, 0.01, "noise = k x ERR");
        CHECK_CLOSE(c->err[0], 0.05 / 2.5, 0.02 / 2.5 * 1e-5, "ERR converted back to f_lambda");
        CHECK(strcmp(c->format, "jwst-s3d") == 0 && strcmp(c->grating, "PRISM") == 0, "s3d layout");
        ifs_cube_free(c);
    }
    ifs_mock_model_free(m);
    p.wave_table = 0;
    CHECK(ifs_mock_model_build(&p, &m, &err) == 0 && ifs_mock_write_fits(m, path, &err) == 0, "%s", err.msg);
    CHECK(ifs_cube_read(path, NULL, &c, &err) == 0, "%s", err.msg);
    if (c) {
        CHECK_CLOSE(c->wave_um[470], 0.6 + 470 * 4.7 / 940, 1e-12, "linear variant");
        ifs_cube_free(c);
    }
    ifs_mock_model_free(m);
    remove(path);

    /* Out-of-range parameters name the option. */
    ifs_mock_defaults(&p);
    p.mu = 0.5;
    CHECK(ifs_mock_model_build(&p, &m, &err) == IFS_ERR_INPUT && strstr(err.msg, "--mu"), "mu: %s", err.msg);
    return check_report("test_mock");
}
