/* ifscat/dust.h: nebular dust attenuation from a Balmer decrement with the Calzetti et al. (2000)
 * curve (science.md section 5): A_V from H-delta/H-beta, and the attenuation at any wavelength. */
#ifndef IFSCAT_DUST_H
#define IFSCAT_DUST_H

/* R_V = A_V / E(B-V) of the Calzetti et al. (2000, ApJ 533, 682) curve, their eq. 5. */
#define IFS_CALZETTI_RV 4.05
/* Intrinsic H-delta/H-beta (Case B recombination, science.md section 5). */
#define IFS_HDELTA_HBETA_INTRINSIC 0.26
/* Minimum S/N of both Balmer lines for a measured A_V (science.md section 5). */
#define IFS_AV_SNR_MIN 3.0

/* k(lambda) = A(lambda) / E(B-V) of Calzetti et al. (2000) eq. 4 for rest wavelength wave_um in
 * 0.12-2.2 um (0.12-0.63 um: 2.659 (-2.156 + 1.509/l - 0.198/l^2 + 0.011/l^3) + R_V;
 * 0.63-2.2 um: 2.659 (-1.857 + 1.040/l) + R_V); NAN outside that range. */
double ifs_dust_calzetti_k(double wave_um, double rv);

enum {
    IFS_AV_MEASURED = 0, /* A_V from the decrement, with its error */
    IFS_AV_ZERO,         /* ratio at or above the intrinsic one: A_V = 0 (science.md section 5) */
    IFS_AV_LOW_SNR,      /* a line below the S/N cut or unmeasured: no correction, A_V = 0 */
    IFS_AV_UNDEFINED     /* wavelengths outside the curve or not short < long: A_V = NAN */
};

typedef struct ifs_av {
    int status;
    double av;        /* to apply: the measurement, or 0 (IFS_AV_ZERO, IFS_AV_LOW_SNR) */
    double av_err;    /* 1 sigma, NAN unless IFS_AV_MEASURED */
    double ratio;     /* observed ratio (NAN when a flux is not positive) */
    double ratio_err;
} ifs_av;

/* A_V from an observed Balmer ratio short/long (fluxes and 1-sigma errors of the line at the
 * shorter rest wavelength, e.g. H-delta, and of the longer, e.g. H-beta) against its intrinsic
 * value: observed = intrinsic 10^(-0.4 E(B-V) (k_short - k_long)), so
 *   E(B-V) = 2.5 / (k_short - k_long) log10(intrinsic / observed),  A_V = R_V E(B-V)
 * (the Balmer-decrement relation, e.g. Dominguez et al. 2013, ApJ 763, 145, eq. 4, there for
 * H-alpha/H-beta), with the error propagated to first order from the two flux errors.  Both
 * lines need S/N > snr_min. */
ifs_av ifs_dust_av_balmer(double f_short, double e_short, double wave_short_um, double f_long, double e_long,
                          double wave_long_um, double intrinsic, double rv, double snr_min);

#endif
