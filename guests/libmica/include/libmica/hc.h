/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's own hypercalls (include/mica/hypercall.h), and how a partition
 * finds out whether it runs under mica at all.
 *
 * libmica never makes a hypercall by itself: a partition calls these when
 * it wants to. They are safe on bare QEMU, where the HVC is undefined and
 * comes back as MICA_HC_NOT_SUPPORTED (see libmica/smccc.h for the one case
 * that is not safe).
 */
#ifndef LIBMICA_HC_H
#define LIBMICA_HC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * MICA_HC_VERSION: mica's ABI version ((major << 16) | minor), or
 * MICA_HC_NOT_SUPPORTED when no hypervisor answered, or one answered
 * without mica's magic (then it is not mica).
 */
int64_t mica_hc_version(void);

/*
 * Whether this partition runs under mica: mica_hc_version() answered. Says
 * nothing about which ABI minor version; compare mica_hc_version() for that.
 */
bool mica_under_hypervisor(void);

#endif
