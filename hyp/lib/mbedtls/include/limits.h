/* SPDX-License-Identifier: Apache-2.0 */
/*
 * <limits.h> for Mbed TLS in the hypervisor and in native partitions: the
 * compiler's own, without the C library's that it would otherwise go on to
 * include.
 */
#ifndef _LIBC_LIMITS_H_
#define _LIBC_LIMITS_H_ 1
#endif
#include_next <limits.h>
