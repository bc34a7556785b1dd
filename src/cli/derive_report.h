/* derive_report.h: the lines `ifscat derive` and `ifscat process` print for a derive. */
#ifndef IFSCAT_CLI_DERIVE_REPORT_H
#define IFSCAT_CLI_DERIVE_REPORT_H

#include "ifscat/deriving.h"

/* "derived fit F of TARGET ..." and the galaxy's values, indented, on stdout; or the "unchanged"
 * line. */
void cli_print_derive(const char *target, const ifs_deriving_report *r);

#endif
