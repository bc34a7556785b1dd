/* test_dust.c: the Calzetti et al. (2000) curve and A_V from H-delta/H-beta against hand
 * computations with the formula as printed in science.md section 5. */
#include "check.h"

#include "ifscat/dust.h"

int main(void)
{
    /* k(lambda) by hand (science.md section 5, R_V = 4.05):
     *   H-beta  0.486268 um: 2.659 (-2.156 + 1.509/l - 0.198/l^2 + 0.011/l^3) + 4.05 = 4.5965088
     *   H-delta 0.410289 um: the same branch                                         = 5.3926615
     *   0.55 um (V): 4.0478904, i.e. k(V) ~ R_V as the curve is normalised
     *   0.8 um: 2.659 (-1.857 + 1.040/0.8) + 4.05 = 2.5689370 (the red branch) */
    CHECK_CLOSE(ifs_dust_calzetti_k(0.486268, IFS_CALZETTI_RV), 4.5965088, 1e-6, "k(H-beta)");
    CHECK_CLOSE(ifs_dust_calzetti_k(0.410289, IFS_CALZETTI_RV), 5.3926615, 1e-6, "k(H-delta)");
    CHECK_CLOSE(ifs_dust_calzetti_k(0.55, IFS_CALZETTI_RV), 4.0478904, 1e-6, "k(V)");
    CHECK_CLOSE(ifs_dust_calzetti_k(0.8, IFS_CALZETTI_RV), 2.5689370, 1e-6, "k(0.8 um)");
    CHECK(isnan(ifs_dust_calzetti_k(0.1, IFS_CALZETTI_RV)) && isnan(ifs_dust_calzetti_k(2.5, IFS_CALZETTI_RV)),
          "outside 0.12-2.2 um: undefined");

    /* H-delta/H-beta = 0.2 / 1.0 (S/N 10 and 20): E(B-V) = 2.5 / (5.3926615 - 4.5965088)
     * log10(0.26 / 0.20) = 0.3577937, A_V = 4.05 E = 1.4490644; sigma(log10 ratio) =
     * sqrt(0.1^2 + 0.05^2) / ln 10 = 0.0485556, sigma(A_V) = 4.05 * 2.5 / 0.7961526 * 0.0485556
     * = 0.6175015. */
    ifs_av av = ifs_dust_av_balmer(0.2, 0.02, 0.410289, 1.0, 0.05, 0.486268, IFS_HDELTA_HBETA_INTRINSIC,
                                   IFS_CALZETTI_RV, IFS_AV_SNR_MIN);
    CHECK(av.status == IFS_AV_MEASURED, "A_V measured (status %d)", av.status);
    CHECK_CLOSE(av.av, 1.4490644, 1e-6, "A_V from H-delta/H-beta = 0.20");
    CHECK_CLOSE(av.av_err, 0.6175015, 1e-6, "its error");
    CHECK_CLOSE(av.ratio, 0.2, 1e-15, "observed ratio");

    /* Above the intrinsic ratio: A_V = 0 (science.md section 5). */
    av = ifs_dust_av_balmer(0.27, 0.02, 0.410289, 1.0, 0.05, 0.486268, IFS_HDELTA_HBETA_INTRINSIC, IFS_CALZETTI_RV,
                            IFS_AV_SNR_MIN);
    CHECK(av.status == IFS_AV_ZERO && av.av == 0.0 && isnan(av.av_err), "ratio 0.27 > 0.26: A_V = 0");
    /* H-delta at S/N 2.9: no measurement, no correction. */
    av = ifs_dust_av_balmer(0.2, 0.2 / 2.9, 0.410289, 1.0, 0.05, 0.486268, IFS_HDELTA_HBETA_INTRINSIC,
                            IFS_CALZETTI_RV, IFS_AV_SNR_MIN);
    CHECK(av.status == IFS_AV_LOW_SNR && av.av == 0.0, "H-delta S/N 2.9: not measured");
    av = ifs_dust_av_balmer(1.0, 0.05, 0.486268, 0.2, 0.02, 0.410289, IFS_HDELTA_HBETA_INTRINSIC, IFS_CALZETTI_RV,
                            IFS_AV_SNR_MIN);
    CHECK(av.status == IFS_AV_UNDEFINED && isnan(av.av), "lines given in the wrong order are refused");
    return check_report("test_dust");
}
