/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's version string, as the banner prints it: the release number and
 * the commit the build came from.
 */
#ifndef MICA_VERSION_H
#define MICA_VERSION_H

/* MICA_GIT comes from the build (git describe); "unknown" outside a checkout. */
#ifndef MICA_GIT
#define MICA_GIT "unknown"
#endif

#define MICA_VERSION "0.1.0 (" MICA_GIT ")"

#endif
