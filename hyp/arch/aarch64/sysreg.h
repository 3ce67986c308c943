/* SPDX-License-Identifier: Apache-2.0 */
/*
 * System-register access and the EL2 register bits mica uses, named as in
 * the Arm ARM. Private to the AArch64 port.
 */
#ifndef AARCH64_SYSREG_H
#define AARCH64_SYSREG_H

#include <stdint.h>

#include "asm-defs.h"

#define read_sysreg(r)                                                 \
	({                                                             \
		uint64_t v_;                                           \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));            \
		v_;                                                    \
	})

#define write_sysreg(r, v)                                             \
	do {                                                           \
		uint64_t w_ = (uint64_t)(v);                           \
		__asm__ volatile("msr " #r ", %0" : : "r"(w_) : "memory"); \
	} while (0)

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* HCR_EL2 and SCTLR_EL2 bits shared with assembly are in asm-defs.h. */
#define SCTLR_M (UINT64_C(1) << 0)
#define SCTLR_C (UINT64_C(1) << 2)
#define SCTLR_I (UINT64_C(1) << 12)
#define SCTLR_WXN (UINT64_C(1) << 19)

/* ESR_ELx exception classes */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)

#endif
