/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The partition images of the scenario (micacfg's payload.bin), placed by
 * the linker right after the hypervisor's own memory, so that they follow it
 * in the image file and the boot loader loads them there. Read-only data:
 * the hypervisor copies from it into the partitions.
 */
	.section .payload, "a"
	.balign 4096
	.global __payload_start
__payload_start:
	.incbin MICA_PAYLOAD
	.global __payload_end
__payload_end:
