/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 section of a scenario (mica/scenario.h includes it): what is
 * Arm about the system mica runs. Each partition sees a virtual GIC and a
 * virtual PL011 where QEMU's virt board has the real ones; its devices may
 * own the GIC's SPIs; struct scn_arch says which GIC the board has, and
 * arch_scenario_check() (arch/scenario.h) which are allowed. A port for
 * another architecture writes its own file of these names, and the rest of
 * the scenario stays.
 */
#ifndef ARCH_SCENARIO_DEFS_H
#define ARCH_SCENARIO_DEFS_H

#include <stdbool.h>
#include <stdint.h>

#include "mica/fmt.h" /* and size_t */

/*
 * Interrupt ids a partition's device or doorbell may own: the GIC's SPIs.
 * SCN_IRQ_KIND names them in the scenario checker's messages.
 */
#define SCN_IRQ_MIN 32u
#define SCN_IRQ_MAX 1019u
#define SCN_IRQ_KIND "SPI"

/*
 * Every partition sees its emulated devices (virtual GIC, virtual PL011)
 * where QEMU's virt board has the real ones: the GIC block (distributor,
 * CPU interface, redistributors of up to 8 vCPUs) and the console's page;
 * a guest OS also sees a PL061 per channel side it has (the page of the
 * channel's id, SCN_MAX_CHANNELS pages), in a hole of QEMU's map (after
 * its secure GPIO, before virtio-mmio). Its memory, channels and
 * passed-through devices stay out of the three windows.
 */
#define SCN_VDEV_BASE 0x08000000u /* the GIC block */
#define SCN_VDEV_SIZE 0x00200000u
#define SCN_VDEV2_BASE 0x09000000u /* the console */
#define SCN_VDEV2_SIZE 0x00001000u
#define SCN_VDEV3_BASE 0x09100000u /* the channels' PL061s */
#define SCN_VDEV3_SIZE 0x00010000u
#define SCN_VGICD_BASE 0x08000000u /* distributor, 64 KiB */
#define SCN_VGICC_BASE 0x08010000u /* GICv2 CPU interface, 8 KiB */
#define SCN_VGICR_BASE 0x080a0000u /* GICv3 redistributors, 128 KiB per vCPU */
#define SCN_VUART_BASE 0x09000000u /* PL011, 4 KiB */
#define SCN_VUART_IRQ 33u	   /* SPI 1, as on QEMU's virt board */
#define SCN_VGPIO_BASE 0x09100000u /* PL061 of channel id i: + i * 4 KiB */

/* The board's part of the scenario that only this port reads. */
struct scn_arch {
	uint32_t gic_version; /* 2 or 3 */
};

/* Inline: one caller, in the host tool and the hypervisor alike. */
static inline bool arch_scenario_check(const struct scn_arch *a, char *err,
				       size_t err_size)
{
	if (a->gic_version == 2 || a->gic_version == 3) {
		return true;
	}
	fmt_snprintf(err, err_size, "gic = %u; 2 or 3 allowed", a->gic_version);
	return false;
}

/*
 * Whether a vCPU may take its interrupts directly on this board (docs/
 * direct.md): GICv3 only, and only if the scenario accepts (acked) the
 * path no trap closes, ICC_AP1R<n>_EL1. GICv2 has no sound equivalent:
 * its one CPU interface, mapped to the guest, would hand it group 0 and
 * the priority mask that mica's own interrupts depend on.
 */
static inline bool arch_scenario_direct_ok(const struct scn_arch *a, bool acked,
					   char *err, size_t err_size)
{
	if (a->gic_version != 3) {
		fmt_snprintf(err, err_size,
			     "direct needs gic = 3: on GICv2 the partition "
			     "would get mica's own interrupts' CPU interface "
			     "(docs/direct.md)");
		return false;
	}
	if (!acked) {
		fmt_snprintf(err, err_size,
			     "direct lets this vCPU hold back mica's interrupts "
			     "on its CPU (ICC_AP1R<n>_EL1, docs/direct.md): add "
			     "direct-ack-apr to accept that");
		return false;
	}
	return true;
}

#endif
