/* SPDX-License-Identifier: Apache-2.0 */
/*
 * <assert.h> for Mbed TLS in the hypervisor: its library/common.h includes
 * it, but the configuration (mica_mbedtls_config.h) uses no assert().
 */
#ifndef MICA_MBEDTLS_ASSERT_H
#define MICA_MBEDTLS_ASSERT_H
#define static_assert _Static_assert
#endif
