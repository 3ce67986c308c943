/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The register frame vectors.S saves on the stack for every exception, and
 * the C view of it. Only what a C function may clobber is saved (x0-x18, the
 * frame pointer and link register) plus ELR_EL1 and SPSR_EL1, which a nested
 * exception would overwrite: C code preserves x19-x28 itself. exception.c
 * checks the offsets below against struct mica_frame at compile time.
 */
#ifndef LIBMICA_FRAME_H
#define LIBMICA_FRAME_H

#define FRAME_X0 0
#define FRAME_X18 144
#define FRAME_LR 160
#define FRAME_ELR 168
#define FRAME_SPSR 176
#define FRAME_SIZE 192 /* a multiple of 16: SP stays aligned */

/* Vector numbers: offset in the table / 0x80. */
#define VEC_SYNC_SPX 4 /* synchronous, current EL, SP_EL1 */
#define VEC_IRQ_SPX 5

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mica_frame {
	uint64_t x[19]; /* x0-x18 */
	uint64_t fp;	/* x29 */
	uint64_t lr;	/* x30 */
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};
#endif

#endif
