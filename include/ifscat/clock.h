/* ifscat/clock.h: wall-clock seconds for timings reported to the user (ingest split, fit and
 * derive durations, progress rates). */
#ifndef IFSCAT_CLOCK_H
#define IFSCAT_CLOCK_H

/* Seconds of a monotonic clock (differences only are meaningful). */
double ifs_clock_s(void);

#endif
