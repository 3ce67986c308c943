/* SPDX-License-Identifier: Apache-2.0 */
/*
 * <stdlib.h> for Mbed TLS in the hypervisor: threading.h includes it, but
 * nothing of it is used (allocation is mica_mbedtls_config.h's).
 */
#include <stddef.h>
