/* ifscat/measure.h: a measured value with asymmetric 1-sigma errors, as the catalog stores them,
 * and the same with an upper/lower-limit flag, as literature compilations give them. */
#ifndef IFSCAT_MEASURE_H
#define IFSCAT_MEASURE_H

/* value with 1-sigma errors below (lo) and above (hi), both >= 0; NAN marks what is unknown. */
typedef struct ifs_measure {
    double value, lo, hi;
} ifs_measure;

typedef enum { IFS_LIMIT_NONE, IFS_LIMIT_UPPER, IFS_LIMIT_LOWER } ifs_limit;

/* A literature value: errors as above, and whether value is only an upper or lower limit. */
typedef struct ifs_litvalue {
    double value, lo, hi;
    ifs_limit limit;
} ifs_litvalue;

#endif
