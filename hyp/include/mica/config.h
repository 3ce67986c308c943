/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Build-time limits, in a form both C and the port's assembly and linker
 * script can include (plain #defines, no C).
 */
#ifndef MICA_CONFIG_H
#define MICA_CONFIG_H

/* Upper bound on physical CPUs mica manages (per-CPU data is static). */
#define MICA_MAX_CPUS 8

#endif
