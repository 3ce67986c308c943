# SPDX-License-Identifier: Apache-2.0
# QEMU's virt board (-M virt,virtualization=on): RAM from 0x40000000.
# QEMU loads an arm64 Image 2 MiB above RAM's start; mica owns
# PLAT_MEM_SIZE bytes from there (image, stacks, page pool).
PLAT_LOAD_ADDR := 0x40200000
PLAT_MEM_SIZE := 0x400000
# The UART mica prints to before it has read the device tree.
PLAT_EARLY_UART := 0x09000000
PLAT_SRCS := hyp/platform/qemu-virt/console.c hyp/drivers/pl011.c
