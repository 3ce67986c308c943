// SPDX-License-Identifier: Apache-2.0
/*
 * rtc-owner: a native partition that owns QEMU virt's PL031 real-time clock
 * (MMIO at 0x09010000, SPI 34) through passthrough, to show a device's
 * registers and its interrupts reach the partition that owns it and no other.
 * It sets the RTC's match register one second ahead three times, takes each
 * match interrupt, clears it at the device, and powers itself off.
 */
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/psci.h"
#include "libmica/start.h"

#define RTC_BASE 0x09010000u
#define RTC_IRQ 34u
#define RTCDR 0x000   /* data: seconds */
#define RTCMR 0x004   /* match */
#define RTCIMSC 0x010 /* interrupt mask set/clear */
#define RTCMIS 0x018  /* masked interrupt status */
#define RTCICR 0x01c  /* interrupt clear */
#define RTC_PERIPHID0 0xfe0

#define MATCHES 3

static volatile unsigned matches;

static uint32_t rtc_read(uint32_t off)
{
	return *(volatile uint32_t *)(uintptr_t)(RTC_BASE + off);
}

static void rtc_write(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(RTC_BASE + off) = v;
}

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid != RTC_IRQ || (rtc_read(RTCMIS) & 1u) == 0) {
		mica_printf("rtc-owner: unexpected interrupt %u\n", intid);
		return;
	}
	rtc_write(RTCICR, 1u); /* the line drops at the device */
	matches++;
	mica_printf("rtc-owner: match interrupt %u at %u s\n", matches,
		    rtc_read(RTCDR));
	if (matches < MATCHES) {
		rtc_write(RTCMR, rtc_read(RTCDR) + 1);
	}
}

int main(void)
{
	mica_printf("rtc-owner: PL031 id 0x%02x, time %u s\n",
		    rtc_read(RTC_PERIPHID0) & 0xff, rtc_read(RTCDR));
	if (!mica_gic_init() || !mica_gic_enable_spi(RTC_IRQ)) {
		mica_puts("rtc-owner: no GIC\n");
		return 1;
	}
	mica_irq_set_handler(on_irq);
	rtc_write(RTCMR, rtc_read(RTCDR) + 1);
	rtc_write(RTCIMSC, 1u);
	mica_irq_enable();
	while (matches < MATCHES) {
		mica_wfi();
	}
	mica_printf("rtc-owner: %u interrupts from the PL031, done\n", matches);
	return 0;
}
