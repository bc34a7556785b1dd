/* units.c: a small recursive-descent parser for FITS unit strings (Greisen et al. 2006, A&A 446,
 * 747, section 4.3) reduced to erg, s, cm and rad, and the conversion of flux densities to
 * IFS_FLUX_UNIT. */
#include "ifscat/units.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct symbol {
    const char *name;
    int any_case; /* long names are matched whatever their case (ANGSTROM, Erg, ...) */
    double scale;
    int dim[IFS_NDIM]; /* erg, s, cm, rad */
} symbol;

/* Scales: SI/cgs definitions; 1 Jy = 1e-23 erg s^-1 cm^-2 Hz^-1 (IAU); 1 W = 1e7 erg/s;
 * 1 Angstrom = 1e-8 cm; 1 arcsec = pi/648000 rad. */
static const symbol symbols[] = {
    {"erg", 1, 1.0, {1, 0, 0, 0}},       {"J", 0, 1e7, {1, 0, 0, 0}},
    {"W", 0, 1e7, {1, -1, 0, 0}},        {"s", 0, 1.0, {0, 1, 0, 0}},
    {"sec", 1, 1.0, {0, 1, 0, 0}},       {"Hz", 0, 1.0, {0, -1, 0, 0}},
    {"cm", 0, 1.0, {0, 0, 1, 0}},        {"m", 0, 1e2, {0, 0, 1, 0}},
    {"mm", 0, 1e-1, {0, 0, 1, 0}},       {"um", 0, 1e-4, {0, 0, 1, 0}},
    {"micron", 1, 1e-4, {0, 0, 1, 0}},   {"microns", 1, 1e-4, {0, 0, 1, 0}},
    {"nm", 0, 1e-7, {0, 0, 1, 0}},       {"Angstrom", 1, 1e-8, {0, 0, 1, 0}},
    {"Angstroms", 1, 1e-8, {0, 0, 1, 0}}, {"A", 0, 1e-8, {0, 0, 1, 0}},
    {"AA", 0, 1e-8, {0, 0, 1, 0}},       {"Ang", 1, 1e-8, {0, 0, 1, 0}},
    {"Jy", 0, 1e-23, {1, 0, -2, 0}},     {"mJy", 0, 1e-26, {1, 0, -2, 0}},
    {"uJy", 0, 1e-29, {1, 0, -2, 0}},    {"nJy", 0, 1e-32, {1, 0, -2, 0}},
    {"MJy", 0, 1e-17, {1, 0, -2, 0}},    {"sr", 0, 1.0, {0, 0, 0, 2}},
    {"deg", 1, M_PI / 180.0, {0, 0, 0, 1}}, {"arcmin", 1, M_PI / 10800.0, {0, 0, 0, 1}},
    {"arcsec", 1, M_PI / 648000.0, {0, 0, 0, 1}}, {"pixel", 1, 1.0, {0, 0, 0, 0}},
    {"pix", 1, 1.0, {0, 0, 0, 0}},       {"spaxel", 1, 1.0, {0, 0, 0, 0}},
    {"voxel", 1, 1.0, {0, 0, 0, 0}},
};

typedef struct parser {
    const char *text, *p;
    ifs_error *err;
    int failed;
} parser;

static void unit_one(ifs_unit *u)
{
    u->scale = 1.0;
    memset(u->dim, 0, sizeof u->dim);
}

static void unit_mul(ifs_unit *a, const ifs_unit *b, int power)
{
    a->scale *= pow(b->scale, power);
    for (int i = 0; i < IFS_NDIM; i++)
        a->dim[i] += power * b->dim[i];
}

static void skip_spaces(parser *ps)
{
    while (*ps->p == ' ')
        ps->p++;
}

static void fail(parser *ps, const char *what)
{
    if (!ps->failed)
        ifs_error_set(ps->err, IFS_ERR_INPUT, "unit '%s': %s at '%s'", ps->text, what, ps->p);
    ps->failed = 1;
}

/* A power after "**" or "^": an integer, optionally in parentheses. */
static int read_int(parser *ps)
{
    int paren = *ps->p == '(';
    if (paren)
        ps->p++;
    char *end;
    long v = strtol(ps->p, &end, 10);
    if (end == ps->p)
        fail(ps, "expected an integer power");
    ps->p = end;
    if (paren) {
        if (*ps->p != ')')
            fail(ps, "expected ')'");
        else
            ps->p++;
    }
    return (int)v;
}

/* An optional power: "**n", "^n", or digits and sign attached to a symbol ("cm2", "s-1"). */
static int read_power(parser *ps, int attached_allowed)
{
    if (strncmp(ps->p, "**", 2) == 0) {
        ps->p += 2;
        return read_int(ps);
    }
    if (*ps->p == '^') {
        ps->p++;
        return read_int(ps);
    }
    if (attached_allowed && (isdigit((unsigned char)*ps->p) ||
                             ((*ps->p == '-' || *ps->p == '+') && isdigit((unsigned char)ps->p[1]))))
        return read_int(ps);
    return 1;
}

static void parse_product(parser *ps, ifs_unit *u);

static void parse_factor(parser *ps, ifs_unit *f)
{
    unit_one(f);
    skip_spaces(ps);
    const char *p = ps->p;
    if (*p == '(') {
        ps->p++;
        parse_product(ps, f);
        if (*ps->p != ')') {
            fail(ps, "expected ')'");
            return;
        }
        ps->p++;
        int power = read_power(ps, 0);
        ifs_unit g = *f;
        unit_one(f);
        unit_mul(f, &g, power);
        return;
    }
    if (isdigit((unsigned char)*p) || *p == '+' || *p == '-') {
        char *end;
        double v = strtod(p, &end);
        if (end == p || !(v > 0)) {
            fail(ps, "expected a positive scale factor");
            return;
        }
        ps->p = end;
        f->scale = pow(v, read_power(ps, 0));
        return;
    }
    const char *start = p;
    while (isalpha((unsigned char)*p))
        p++;
    size_t n = (size_t)(p - start);
    if (n == 0) {
        fail(ps, "expected a unit symbol");
        return;
    }
    const symbol *sym = NULL;
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0] && !sym; i++)
        if (strlen(symbols[i].name) == n &&
            (symbols[i].any_case ? strncasecmp(symbols[i].name, start, n) == 0
                                 : strncmp(symbols[i].name, start, n) == 0))
            sym = &symbols[i];
    if (!sym) {
        fail(ps, "unknown symbol");
        return;
    }
    ps->p = p;
    ifs_unit s = {sym->scale, {sym->dim[0], sym->dim[1], sym->dim[2], sym->dim[3]}};
    unit_mul(f, &s, read_power(ps, 1));
}

/* factor { ('*' | '.' | ' ' | '/') factor }; '/' divides by the next factor only. */
static void parse_product(parser *ps, ifs_unit *u)
{
    unit_one(u);
    int sign = 1;
    for (;;) {
        ifs_unit f;
        parse_factor(ps, &f);
        if (ps->failed)
            return;
        unit_mul(u, &f, sign);
        skip_spaces(ps);
        char c = *ps->p;
        if (c == '/') {
            sign = -1;
            ps->p++;
        } else if (c == '*' || c == '.') {
            sign = 1;
            ps->p++;
        } else if (c == '\0' || c == ')') {
            return;
        } else {
            sign = 1; /* juxtaposition: "erg s-1 cm-2" */
        }
    }
}

int ifs_unit_parse(const char *text, ifs_unit *out, ifs_error *err)
{
    parser ps = {text, text, err, 0};
    skip_spaces(&ps);
    if (!*ps.p)
        return ifs_error_set(err, IFS_ERR_INPUT, "empty unit");
    parse_product(&ps, out);
    if (!ps.failed && *ps.p)
        fail(&ps, "unexpected character");
    return ps.failed ? err->code : IFS_OK;
}

int ifs_flux_unit_parse(const char *text, ifs_flux_unit *out, ifs_error *err)
{
    ifs_unit u;
    if (ifs_unit_parse(text, &u, err))
        return err->code;
    static const int flambda[3] = {1, -1, -3}, fnu[3] = {1, 0, -2};
    int is_flambda = memcmp(u.dim, flambda, sizeof flambda) == 0;
    int is_fnu = memcmp(u.dim, fnu, sizeof fnu) == 0;
    int rad = u.dim[IFS_DIM_RAD];
    if (!(is_flambda || is_fnu) || (rad != 0 && rad != -2))
        return ifs_error_set(err, IFS_ERR_INPUT,
                             "unit '%s' is not a flux density (f_lambda or f_nu, per spaxel or per "
                             "solid angle)", text);
    out->scale = u.scale;
    out->fnu = is_fnu;
    out->per_solid_angle = rad == -2;
    return IFS_OK;
}

double ifs_flux_unit_factor(const ifs_flux_unit *u, double wave_um, double pixel_sr)
{
    /* erg s^-1 cm^-3 -> 1e-20 erg s^-1 cm^-2 Angstrom^-1: * 1e-8 cm/Angstrom / 1e-20. */
    const double to_catalog = 1e-8 / 1e-20;
    double f = u->scale * to_catalog;
    if (u->fnu) {
        double lambda_cm = wave_um * 1e-4;
        f *= IFS_C_CM_S / (lambda_cm * lambda_cm);
    }
    if (u->per_solid_angle)
        f *= pixel_sr;
    return f;
}

int ifs_unit_is_power(const ifs_unit *b, const ifs_unit *a, int power)
{
    for (int i = 0; i < IFS_NDIM; i++)
        if (b->dim[i] != power * a->dim[i])
            return 0;
    double want = pow(a->scale, power);
    return fabs(b->scale - want) <= 1e-9 * fabs(want);
}
