/* SPDX-License-Identifier: Apache-2.0 */
/*
 * <assert.h> for Mbed TLS in the hypervisor and in native partitions
 * (guests/mbedtls): its library/common.h includes it, but neither
 * configuration uses assert().
 */
#ifndef MICA_MBEDTLS_ASSERT_H
#define MICA_MBEDTLS_ASSERT_H
#define static_assert _Static_assert
#endif
