/* ifscat/measure.h: a measured value with asymmetric 1-sigma errors, as the catalog stores them. */
#ifndef IFSCAT_MEASURE_H
#define IFSCAT_MEASURE_H

/* value with 1-sigma errors below (lo) and above (hi), both >= 0; NAN marks what is unknown. */
typedef struct ifs_measure {
    double value, lo, hi;
} ifs_measure;

#endif
