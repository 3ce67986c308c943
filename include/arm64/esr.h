/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ESR_ELx, the syndrome of a synchronous exception, as mica (ESR_EL2) and
 * its partitions (ESR_EL1) decode it: the exception classes (EC) by the
 * names of the ESR_ELx description in the Arm ARM (DDI 0487), where LOW is
 * taken from a lower EL and CUR at the same EL; and the instruction-length
 * bit and the ISS fields of data aborts. C only.
 */
#ifndef ARM64_ESR_H
#define ARM64_ESR_H

#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3fu)
#define ESR_IL (1u << 25) /* a 32-bit instruction, not a 16-bit one */
#define ESR_ISS_MASK 0x1ffffffu

#define ESR_EC_UNKNOWN 0x00u
#define ESR_EC_WFX 0x01u
#define ESR_EC_CP15_32 0x03u
#define ESR_EC_CP15_64 0x04u
#define ESR_EC_CP14_32 0x05u
#define ESR_EC_CP14_LS 0x06u
#define ESR_EC_FP_ASIMD 0x07u
#define ESR_EC_CP14_64 0x0cu
#define ESR_EC_ILLEGAL 0x0eu
#define ESR_EC_SVC64 0x15u
#define ESR_EC_HVC64 0x16u
#define ESR_EC_SMC64 0x17u
#define ESR_EC_SYS64 0x18u
#define ESR_EC_SVE 0x19u
#define ESR_EC_SME 0x1du
#define ESR_EC_IABT_LOW 0x20u
#define ESR_EC_IABT_CUR 0x21u
#define ESR_EC_PC_ALIGN 0x22u
#define ESR_EC_DABT_LOW 0x24u
#define ESR_EC_DABT_CUR 0x25u
#define ESR_EC_SP_ALIGN 0x26u
#define ESR_EC_SERROR 0x2fu
#define ESR_EC_BRK64 0x3cu

/* WFx: TI[0] tells WFE from WFI. */
#define ESR_ISS_WFX_WFE (1u << 0)

/*
 * Data and instruction aborts. ISV: the rest of the syndrome (SAS, SSE,
 * SRT, SF) is valid; SAS: log2 of the access size; SSE: sign-extended
 * load; SRT: the register; SF: a 64-bit register; WnR: a write. FSC, the
 * fault status code, also in instruction aborts.
 */
#define ESR_ISS_DABT_ISV (1u << 24)
#define ESR_ISS_DABT_SAS(esr) (((esr) >> 22) & 3u)
#define ESR_ISS_DABT_SSE (1u << 21)
#define ESR_ISS_DABT_SRT(esr) (((esr) >> 16) & 0x1fu)
#define ESR_ISS_DABT_SF (1u << 15)
#define ESR_ISS_DABT_WNR (1u << 6)
#define ESR_ISS_FSC(esr) ((esr)&0x3fu)
#define ESR_FSC_SEA 0x10u /* synchronous external abort */

#endif
