/* SPDX-License-Identifier: Apache-2.0 */
/*
 * <stdlib.h> for Mbed TLS in the hypervisor and in native partitions:
 * threading.h includes it, but nothing of it is used (allocation is the
 * configurations' own: mica_mbedtls_config.h, guests/mbedtls).
 */
#include <stddef.h>
