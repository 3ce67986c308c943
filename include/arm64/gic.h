/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Arm Generic Interrupt Controller's registers, by the names of the GIC
 * architecture specification (Arm IHI 0069): INTID ranges, the distributor
 * (GICD_*), the GICv3 redistributor (GICR_*), the GICv2 CPU interface
 * (GICC_*) and virtual interface control (GICH_*), and the GICv3 CPU
 * interface's system registers (ICC_*). The one copy that the hypervisor's
 * GIC drivers (hyp/drivers/gicv2.c, gicv3.c), its virtual GIC
 * (hyp/arch/aarch64/vgic*.c), libmica's driver (guests/libmica/gic.c) and
 * the guests use. Constants only: nothing here adds code to a file that
 * includes it. Only what those users need is named; offsets are from the
 * base of the frame that holds the register.
 */
#ifndef ARM64_GIC_H
#define ARM64_GIC_H

#include <stdint.h>

/* INTID ranges. */
#define GIC_SGI_COUNT 16u     /* SGIs: INTIDs 0-15 */
#define GIC_SPI_MIN 32u	      /* SPIs: 32-1019 */
#define GIC_SPECIAL_MIN 1020u /* 1020-1023: special, no interrupt */

/*
 * Distributor (GICD), both versions unless marked. The bitmap registers
 * (IGROUPR .. ICACTIVER) hold one bit per INTID, 32 to a register; the
 * byte arrays (IPRIORITYR, ITARGETSR) one byte; ICFGR two bits.
 */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_IGROUPR 0x0080u
#define GICD_ISENABLER 0x0100u
#define GICD_ICENABLER 0x0180u
#define GICD_ISACTIVER 0x0300u
#define GICD_ICACTIVER 0x0380u
#define GICD_IPRIORITYR 0x0400u
#define GICD_ITARGETSR 0x0800u /* v2 (v3: RAZ/WI with affinity routing) */
#define GICD_ICFGR 0x0c00u
#define GICD_SGIR 0x0f00u      /* v2 */
#define GICD_CPENDSGIR 0x0f10u /* v2 */
#define GICD_SPENDSGIR 0x0f20u /* v2 */
#define GICD_PIDR2_V2 0x0fe8u  /* v2: in a 4 KiB distributor */
#define GICD_IROUTER 0x6000u   /* v3: 64 bits per INTID, SPIs only */
#define GICD_PIDR2_V3 0xffe8u  /* v3: in a 64 KiB distributor */

/*
 * GICD_CTLR with one security state (GICD_CTLR.DS = 1, as on QEMU's virt
 * board; GICv2 without the security extensions): the group enables, then
 * GICv3's affinity routing, DS itself and register-write-pending.
 */
#define GICD_CTLR_ENABLE_GRP0 (1u << 0)
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)
#define GICD_CTLR_RWP (1u << 31)

/* GICD_TYPER: INTIDs below 32 * (ITLinesNumber + 1); v3: no 1-of-N routing. */
#define GICD_TYPER_LINES(typer) (32 * (((typer)&0x1fu) + 1))
#define GICD_TYPER_NO1N (1u << 25)

/* GICD_IROUTER: Aff3 39:32, Aff2..Aff0 23:0 (MPIDR's layout); IRM = 0. */
#define GICD_IROUTER_AFF_MASK UINT64_C(0x000000ff00ffffff)

/*
 * GICv3 redistributor: the RD_base frame, then the SGI_base frame, each
 * GICR_FRAME_SIZE; a GICv4 one with virtual LPIs (GICR_TYPER.VLPIS) has two
 * frames more. SGI_base holds the SGI and PPI registers at the
 * distributor's offsets (GICR_IGROUPR0 = GICD_IGROUPR and so on).
 */
#define GICR_FRAME_SIZE 0x10000u
#define GICR_IIDR 0x0004u
#define GICR_TYPER 0x0008u /* 64-bit */
#define GICR_WAKER 0x0014u
#define GICR_PIDR2 0xffe8u
#define GICR_SGI_BASE GICR_FRAME_SIZE
#define GICR_IGROUPR0 GICD_IGROUPR
#define GICR_ISENABLER0 GICD_ISENABLER
#define GICR_ICENABLER0 GICD_ICENABLER
#define GICR_ISACTIVER0 GICD_ISACTIVER
#define GICR_ICACTIVER0 GICD_ICACTIVER
#define GICR_IPRIORITYR GICD_IPRIORITYR

#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* GICv2 CPU interface (GICC); the virtual one (GICV) has the same layout. */
#define GICC_CTLR 0x0000u
#define GICC_PMR 0x0004u
#define GICC_BPR 0x0008u
#define GICC_IAR 0x000cu
#define GICC_EOIR 0x0010u
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)

/* GICv2 virtual interface control (GICH), each CPU's at the same address. */
#define GICH_HCR 0x000u
#define GICH_VTR 0x004u
#define GICH_VMCR 0x008u
#define GICH_ELRSR0 0x030u
#define GICH_APR 0x0f0u
#define GICH_LR 0x100u /* GICH_LR<n> at GICH_LR + 4 * n */

/*
 * GICv3 CPU interface system registers, by encoding (older assemblers do
 * not know the names). For the accessors that paste the name into the
 * instruction, go through one more macro so that these expand first.
 */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR0_EL1 S3_0_C12_C8_0
#define ICC_EOIR0_EL1 S3_0_C12_C8_1
#define ICC_BPR0_EL1 S3_0_C12_C8_3
#define ICC_AP1R0_EL1 S3_0_C12_C9_0
#define ICC_AP1R1_EL1 S3_0_C12_C9_1
#define ICC_AP1R2_EL1 S3_0_C12_C9_2
#define ICC_AP1R3_EL1 S3_0_C12_C9_3
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_IGRPEN0_EL1 S3_0_C12_C12_6
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_ASGI1R_EL1 S3_0_C12_C11_6
#define ICC_SGI0R_EL1 S3_0_C12_C11_7
#define ICC_SRE_EL2 S3_4_C12_C9_5

/* ICC_CTLR_EL1.EOImode: EOIR only drops the priority, DIR deactivates. */
#define ICC_CTLR_EOIMODE (1u << 1)

/* ICC_SGI1R_EL1.IRM: to every PE but the sender (else TargetList). */
#define ICC_SGI1R_IRM (UINT64_C(1) << 40)

#endif
