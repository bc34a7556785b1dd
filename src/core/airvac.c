/* airvac.c: air <-> vacuum wavelengths with the IAU-standard refractive index of air
 * (Birch & Downs 1994 as given by Morton 2000, eq. 8). */
#include "ifscat/airvac.h"

#include <math.h>

double ifs_air_index(double vac_aa)
{
    double s2 = 1e4 / vac_aa; /* wavenumber, um^-1 */
    s2 *= s2;
    return 1.0 + 8.34254e-5 + 2.406147e-2 / (130.0 - s2) + 1.5998e-4 / (38.9 - s2);
}

double ifs_vacuum_to_air_aa(double vac_aa)
{
    if (!(vac_aa >= IFS_AIRVAC_MIN_AA))
        return vac_aa;
    return vac_aa / ifs_air_index(vac_aa);
}

double ifs_air_to_vacuum_aa(double air_aa)
{
    if (!(air_aa >= IFS_AIRVAC_MIN_AA))
        return air_aa;
    double vac = air_aa;
    for (int i = 0; i < 20; i++) {
        double next = air_aa * ifs_air_index(vac);
        int done = fabs(next - vac) <= 1e-14 * next;
        vac = next;
        if (done)
            break;
    }
    return vac;
}
