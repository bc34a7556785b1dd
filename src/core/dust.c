/* dust.c: the Calzetti et al. (2000) attenuation curve and A_V from a Balmer decrement. */
#include "ifscat/dust.h"

#include <math.h>

double ifs_dust_calzetti_k(double wave_um, double rv)
{
    const double l = wave_um;
    if (l >= 0.12 && l < 0.63) /* Calzetti et al. 2000 eq. 4, first branch */
        return 2.659 * (-2.156 + 1.509 / l - 0.198 / (l * l) + 0.011 / (l * l * l)) + rv;
    if (l >= 0.63 && l <= 2.2) /* second branch */
        return 2.659 * (-1.857 + 1.040 / l) + rv;
    return NAN;
}

ifs_av ifs_dust_av_balmer(double f_short, double e_short, double wave_short_um, double f_long, double e_long,
                          double wave_long_um, double intrinsic, double rv, double snr_min)
{
    ifs_av out = {IFS_AV_LOW_SNR, 0.0, NAN, NAN, NAN};
    if (f_short > 0.0 && f_long > 0.0) {
        out.ratio = f_short / f_long;
        out.ratio_err = out.ratio * sqrt(e_short * e_short / (f_short * f_short) + e_long * e_long / (f_long * f_long));
    }
    if (!(e_short > 0.0 && f_short / e_short > snr_min && e_long > 0.0 && f_long / e_long > snr_min))
        return out;
    const double dk = ifs_dust_calzetti_k(wave_short_um, rv) - ifs_dust_calzetti_k(wave_long_um, rv);
    if (!(dk > 0.0)) {
        out.status = IFS_AV_UNDEFINED;
        out.av = NAN;
        return out;
    }
    if (out.ratio >= intrinsic) {
        out.status = IFS_AV_ZERO;
        return out;
    }
    out.status = IFS_AV_MEASURED;
    out.av = rv * 2.5 / dk * log10(intrinsic / out.ratio);
    /* sigma(log10 ratio) = sigma(ratio) / (ratio ln 10) */
    out.av_err = rv * 2.5 / dk * out.ratio_err / (out.ratio * M_LN10);
    return out;
}
