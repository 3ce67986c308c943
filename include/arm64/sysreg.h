/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AArch64 system-register access and the register fields that both mica
 * (EL2) and its partitions (EL1: libmica and the test guests) use, named
 * as the Arm Architecture Reference Manual (DDI 0487) names them. Only
 * what both sides share is here; EL2's own controls (HCR_EL2, SCTLR_EL2,
 * MDCR_EL2) stay in hyp/arch/aarch64. C only.
 */
#ifndef ARM64_SYSREG_H
#define ARM64_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                      \
	({                                                  \
		uint64_t v_;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(v_)); \
		v_;                                         \
	})

#define write_sysreg(r, v)                                                 \
	do {                                                               \
		uint64_t w_ = (uint64_t)(v);                               \
		__asm__ volatile("msr " #r ", %0" : : "r"(w_) : "memory"); \
	} while (0)

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/*
 * SPSR_ELx: M[3:0] the exception level and stack (EL1t: EL1 on SP_EL0,
 * EL1h: on SP_EL1),
 * M[4] set for AArch32; T and IT for AArch32 Thumb; D, A, I, F the masks.
 */
#define SPSR_M_EL1T UINT64_C(0x4)
#define SPSR_M_EL1H UINT64_C(0x5)
#define SPSR_AA32 (UINT64_C(1) << 4)
#define SPSR_T (UINT64_C(1) << 5)
#define SPSR_IT ((UINT64_C(3) << 25) | (UINT64_C(0x3f) << 10))
#define SPSR_DAIF (UINT64_C(0xf) << 6)

/* MPIDR_EL1: Aff3 and Aff2..Aff0, without the MT and U bits; RES1. */
#define MPIDR_AFF_MASK UINT64_C(0xff00ffffff)
#define MPIDR_RES1 (UINT64_C(1) << 31)

/*
 * The control register of every generic timer (CNTV_CTL_EL0, CNTP_CTL_EL0,
 * CNTHP_CTL_EL2): the output is high when ENABLE and ISTATUS are set and
 * IMASK is clear.
 */
#define CNT_CTL_ENABLE (UINT64_C(1) << 0)
#define CNT_CTL_IMASK (UINT64_C(1) << 1)
#define CNT_CTL_ISTATUS (UINT64_C(1) << 2)

#endif
