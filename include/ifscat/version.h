/* ifscat/version.h: the software version recorded with every product the tool writes. */
#ifndef IFSCAT_VERSION_H
#define IFSCAT_VERSION_H

#define IFS_VERSION "0.1.0"

#endif
