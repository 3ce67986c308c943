// SPDX-License-Identifier: Apache-2.0
/*
 * micactl: Linux's side of mica's channels, a static program in the
 * initramfs (/bin/micactl). It owns what Linux user space needs to speak
 * the ring protocol of guests/libmica/ring.c (compiled in unchanged) over
 * stock kernel interfaces: finding the channels in the device tree mica
 * wrote for Linux, mapping their memory through /dev/mem, and the
 * doorbells of each channel's emulated PL061 through the GPIO character
 * device (docs/channels.md).
 *
 * Each channel is a node with compatible "arm,pl061" and the properties
 * mica,channel (its name), mica,peer, mica,shm (<ipa size>, 2 + 2 cells),
 * mica,side (0 = a, 1 = b) and mica,direction (MICA_CHAN_*). Its GPIO
 * lines: 0 doorbell-in (an edge each time the peer rings Linux),
 * 1 doorbell-out (writing 1 rings the peer), 2 peer-up (1 while the peer
 * partition runs, with edges). micactl waits in poll() on the line
 * request's file descriptor, never spinning; /dev/mem maps channel memory
 * Device-nGnRnE, which ring.c's aligned word accesses are made for.
 * `pay` speaks pin-entry's payment messages (libmica/pay.c, compiled in
 * unchanged too) over pin-linux; `update` and `wipe` carry signed files to
 * the update agent over linux-agent (docs/update.md, "The agent's
 * protocol").
 *
 * One micactl at a time per channel: it holds flock() on
 * /tmp/micactl.CHANNEL.lock while it uses the channel (the GPIO lines
 * could be had by one process only anyway; the lock says so clearly).
 * Usage: micactl -h.
 */

#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/gpio.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../rt-bench/stats.h"
#include "libmica/pay.h"
#include "libmica/ring.h"
#include "mica/channel.h"

#define DT_ROOT "/proc/device-tree"
#define DT_DEPTH 3	     /* channel nodes sit at the root or one bus down */
#define CHAN_MAX 16	     /* SCN_MAX_CHANNELS: a partition has no more */
#define NAME_MAX_LEN 64	     /* a channel's or partition's name, and NUL */
#define GPIOCHIP_MAX 64	     /* /dev/gpiochip0..63 are searched */
#define LINE_DOORBELL_IN 0   /* an edge each time the peer rings us */
#define LINE_DOORBELL_OUT 1  /* writing 1 rings the peer */
#define LINE_PEER_UP 2	     /* 1 while the peer partition runs */
#define CALL_TIMEOUT_MS 5000 /* `call` without -t */
#define PEER_POLL_MS 10	     /* a one-way writer's wait for room */
#define BENCH_CALLS 1000     /* `bench` without -n */
#define BENCH_CALLS_MAX 100000
#define BENCH_WARMUP 10	  /* calls `bench` does not record */
#define RAW_VALUES_MAX 64 /* a raw line stays under mica's 128 chars */
#define PAY_CHANNEL "pin-linux"
#define PAY_TIMEOUT_S 120 /* `pay` without -t: pin-entry gives up at 60 */
#define AGENT_CHANNEL "linux-agent"
#define AGENT_TIMEOUT_S 120 /* update/wipe without -t: the agent waits 30 */
#define AGENT_CHUNK 16384   /* image bytes per DATA (docs/update.md) */
#define AGENT_FILE_MAX (64u << 20) /* read at most; the agent takes less */
#define AGENT_REPLY_MAX 256

/* A channel as Linux's device tree describes it. */
struct chan {
	char name[NAME_MAX_LEN];
	char peer[NAME_MAX_LEN];
	char node[PATH_MAX]; /* the node's directory under DT_ROOT */
	uint64_t ipa;
	uint64_t size;
	unsigned side; /* MICA_CHAN_SIDE_A or _B: Linux's */
	unsigned dir;  /* MICA_CHAN_* */
};

/* A channel in use: its GPIO lines, its ring, the current deadline. */
struct link {
	const struct chan *c;
	int lines;	      /* the line request's fd: lines 0, 1 and 2 */
	uint64_t deadline_ms; /* for wait_op: 0 none, else now_ms() units */
	bool said_down;	      /* "not running" said, "up again" not yet */
	bool said_closed;     /* "has not opened the channel" said */
	struct mica_ring ring;
};

static struct chan chans[CHAN_MAX];
static unsigned chan_count;

/*
 * "micactl: " and the message on standard error, in one write(): lines
 * of a micactl in the background must not tear those of another.
 */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[512] = "micactl: ";
	size_t n = strlen(line);
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = k < 0 ? n : n + (size_t)k;
	n = n < sizeof(line) - 1 ? n : sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0) {
		return; /* nowhere to say it */
	}
}

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/*
 * Reads property `prop` of node `node` into buf (at most cap bytes);
 * returns its length, or -1 when it is missing.
 */
static ssize_t read_prop(const char *node, const char *prop, void *buf,
			 size_t cap)
{
	char path[PATH_MAX + NAME_MAX_LEN];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", node, prop);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		return -1;
	}
	n = read(fd, buf, cap);
	close(fd);
	return n;
}

/* A string property, NUL-terminated within cap, or false. */
static bool read_str(const char *node, const char *prop, char *buf, size_t cap)
{
	ssize_t n = read_prop(node, prop, buf, cap);

	return n > 0 && memchr(buf, '\0', (size_t)n) != NULL && buf[0] != '\0';
}

/* Big-endian cells: a property of exactly `cells` 32-bit cells. */
static bool read_cells(const char *node, const char *prop, uint32_t *v,
		       unsigned cells)
{
	uint8_t b[16];

	if (cells > 4 ||
	    read_prop(node, prop, b, sizeof(b)) != (ssize_t)(cells * 4)) {
		return false;
	}
	for (unsigned i = 0; i < cells; i++) {
		v[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		       (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	}
	return true;
}

/* Adds the channel described by `node`, if it is one and well formed. */
static void add_chan(const char *node)
{
	struct chan *c = &chans[chan_count];
	uint32_t shm[4];
	uint32_t side;
	uint32_t dir;

	if (chan_count >= CHAN_MAX ||
	    !read_str(node, "mica,channel", c->name, sizeof(c->name))) {
		return;
	}
	if (!read_str(node, "mica,peer", c->peer, sizeof(c->peer)) ||
	    !read_cells(node, "mica,shm", shm, 4) ||
	    !read_cells(node, "mica,side", &side, 1) ||
	    !read_cells(node, "mica,direction", &dir, 1) || side > 1 ||
	    dir < MICA_CHAN_BOTH || dir > MICA_CHAN_B_TO_A) {
		say("%s: malformed channel node, ignored", node);
		return;
	}
	snprintf(c->node, sizeof(c->node), "%s", node);
	c->ipa = (uint64_t)shm[0] << 32 | shm[1];
	c->size = (uint64_t)shm[2] << 32 | shm[3];
	c->side = side;
	c->dir = dir;
	chan_count++;
}

/* Every channel node under dir, depth levels down at most. */
static void scan_dt(const char *dir, unsigned depth)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL) {
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.') {
			continue;
		}
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     e->d_name) >= sizeof(path)) {
			continue;
		}
		add_chan(path);
		if (depth > 1) {
			scan_dt(path, depth - 1);
		}
	}
	closedir(d);
}

/* The scenario's order: the PL061s' addresses grow with the channel id. */
static int by_node(const void *a, const void *b)
{
	return strcmp(((const struct chan *)a)->node,
		      ((const struct chan *)b)->node);
}

static const struct chan *find_chan(const char *name)
{
	for (unsigned i = 0; i < chan_count; i++) {
		if (strcmp(chans[i].name, name) == 0) {
			return &chans[i];
		}
	}
	say("%s: no such channel; Linux has:%s", name,
	    chan_count ? "" : " none");
	for (unsigned i = 0; i < chan_count; i++) {
		fprintf(stderr, "  %s (with %s)\n", chans[i].name,
			chans[i].peer);
	}
	return NULL;
}

static bool may_send(const struct chan *c)
{
	return c->dir == MICA_CHAN_BOTH ||
	       c->dir == (c->side == MICA_CHAN_SIDE_A ? MICA_CHAN_A_TO_B :
							MICA_CHAN_B_TO_A);
}

static bool may_recv(const struct chan *c)
{
	return c->dir == MICA_CHAN_BOTH || !may_send(c);
}

static const char *dir_name(const struct chan *c)
{
	return c->dir == MICA_CHAN_BOTH ? "both" :
	       may_send(c)		? "send" :
					  "receive";
}

/*
 * The GPIO chip of channel c, opened: the PL061 driver names its chip
 * after its device ("<address>.gpio", from the node's unit address), and
 * its device's of_node is c's node, which is checked when sysfs has it.
 * Returns the chip's fd or -1.
 */
static int open_chip(const struct chan *c)
{
	const char *base = strrchr(c->node, '/') + 1;
	const char *at = strchr(base, '@');
	char want[NAME_MAX_LEN];
	char node_real[PATH_MAX];
	bool have_node = realpath(c->node, node_real) != NULL;

	if (at == NULL) {
		return -1;
	}
	snprintf(want, sizeof(want), "%s.%.*s", at + 1, (int)(at - base), base);
	for (unsigned i = 0; i < GPIOCHIP_MAX; i++) {
		struct gpiochip_info info;
		char path[64];
		char of[PATH_MAX];
		char of_real[PATH_MAX];
		int fd;

		snprintf(path, sizeof(path), "/dev/gpiochip%u", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			continue;
		}
		memset(&info, 0, sizeof(info));
		if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) == 0 &&
		    strcmp(info.label, want) == 0) {
			return fd;
		}
		snprintf(of, sizeof(of),
			 "/sys/bus/gpio/devices/gpiochip%u/../of_node", i);
		if (have_node && realpath(of, of_real) != NULL &&
		    strcmp(of_real, node_real) == 0) {
			return fd;
		}
		close(fd);
	}
	return -1;
}

/*
 * Requests the channel's three lines: doorbell-out as an output, the
 * others as inputs, doorbell-in with rising edges and peer-up with both.
 * Returns the request's fd, or -1 with errno set.
 */
static int request_lines(int chip)
{
	struct gpio_v2_line_request req;
	int err;

	memset(&req, 0, sizeof(req));
	req.offsets[0] = LINE_DOORBELL_IN;
	req.offsets[1] = LINE_DOORBELL_OUT;
	req.offsets[2] = LINE_PEER_UP;
	req.num_lines = 3;
	snprintf(req.consumer, sizeof(req.consumer), "micactl");
	req.config.flags = GPIO_V2_LINE_FLAG_INPUT |
			   GPIO_V2_LINE_FLAG_EDGE_RISING;
	req.config.num_attrs = 2;
	req.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_FLAGS;
	req.config.attrs[0].attr.flags = GPIO_V2_LINE_FLAG_OUTPUT;
	req.config.attrs[0].mask = 1u << 1; /* the request's second line */
	req.config.attrs[1].attr.id = GPIO_V2_LINE_ATTR_ID_FLAGS;
	req.config.attrs[1].attr.flags = GPIO_V2_LINE_FLAG_INPUT |
					 GPIO_V2_LINE_FLAG_EDGE_RISING |
					 GPIO_V2_LINE_FLAG_EDGE_FALLING;
	req.config.attrs[1].mask = 1u << 2;
	err = ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req);
	if (err < 0) {
		return -1;
	}
	/* wait_edge drains the events without blocking. */
	fcntl(req.fd, F_SETFL, O_NONBLOCK);
	return req.fd;
}

/* peer-up's level: 1 up, 0 down, -1 when it cannot be read. */
static int peer_up(int lines)
{
	struct gpio_v2_line_values v = { .mask = 1u << 2 };

	if (ioctl(lines, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) < 0) {
		return -1;
	}
	return (v.bits >> 2) & 1u;
}

/* Rings the peer: doorbell-out reads back 0, so each write of 1 counts. */
static void ring_peer(void *ctx)
{
	struct link *l = ctx;
	struct gpio_v2_line_values v = { .mask = 1u << 1, .bits = 1u << 1 };

	if (ioctl(l->lines, GPIO_V2_LINE_SET_VALUES_IOCTL, &v) < 0) {
		say("%s: cannot ring the peer: %s", l->c->name,
		    strerror(errno));
	}
}

/* Says once when the peer stops, and once when it runs again. */
static void peer_changed(struct link *l, bool up)
{
	if (!up && !l->said_down) {
		say("%s: peer %s is not running", l->c->name, l->c->peer);
		l->said_down = true;
	} else if (up && l->said_down) {
		say("%s: peer %s is running again", l->c->name, l->c->peer);
		l->said_down = false;
	}
}

/*
 * Waits up to timeout_ms (-1: for ever, 0: not at all) for an edge on
 * doorbell-in or peer-up, in poll(), and takes the events queued: each
 * edge of peer-up is said (peer_changed). Returns whether one came.
 */
static bool wait_edge(struct link *l, int timeout_ms)
{
	struct gpio_v2_line_event ev[16];
	struct pollfd p = { .fd = l->lines, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0) {
		return false;
	}
	/*
	 * The fd is non-blocking: read until it has no more, or 64 times (a
	 * peer that rings without pause gets no more of our time).
	 */
	for (unsigned k = 0; k < 64 && (n = read(l->lines, ev, sizeof(ev))) > 0;
	     k++) {
		for (size_t i = 0; i < (size_t)n / sizeof(ev[0]); i++) {
			bool rise = ev[i].id == GPIO_V2_LINE_EVENT_RISING_EDGE;

			if (ev[i].offset == LINE_PEER_UP) {
				peer_changed(l, rise);
			}
		}
	}
	return true;
}

/*
 * Takes /tmp/micactl.NAME.lock for the life of the process, so that a
 * second micactl on the same channel is refused with a clear message.
 */
static bool lock_chan(const struct chan *c)
{
	char path[NAME_MAX_LEN + 32];
	int fd;

	snprintf(path, sizeof(path), "/tmp/micactl.%s.lock", c->name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		say("%s: cannot open %s: %s", c->name, path, strerror(errno));
		return false;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		say("%s: in use by another micactl (one at a time per "
		    "channel; %s)",
		    c->name, path);
		close(fd);
		return false;
	}
	return true; /* fd stays open: the lock lasts as long as we do */
}

/*
 * ops.wait of the ring: one poll() for a doorbell or a change of peer-up,
 * at most until the deadline, and at most PEER_POLL_MS when the peer will
 * not ring (the reader of a one-way channel never does). False once the
 * deadline has passed.
 */
static bool wait_op(void *ctx)
{
	struct link *l = ctx;
	int64_t left = -1;
	uint64_t now = now_ms();

	if (l->deadline_ms != 0) {
		if (now >= l->deadline_ms) {
			return false;
		}
		left = (int64_t)(l->deadline_ms - now);
	}
	if (!may_recv(l->c) && (left < 0 || left > PEER_POLL_MS)) {
		left = PEER_POLL_MS;
	}
	wait_edge(l, left > INT_MAX ? INT_MAX : (int)left);
	return l->deadline_ms == 0 || now_ms() < l->deadline_ms;
}

/* The deadline `seconds` from now, or none (0) for seconds 0. */
static uint64_t deadline_in(unsigned seconds)
{
	return seconds == 0 ? 0 : now_ms() + (uint64_t)seconds * 1000u;
}

/*
 * Opens channel c for one command: its lock, its memory through /dev/mem,
 * its doorbell lines; attaches the ring to Linux's part as a previous
 * micactl left it (or initialises it). False with the reason said.
 */
static bool open_link(struct link *l, const struct chan *c)
{
	struct mica_ring_ops ops = { .notify = ring_peer,
				     .wait = wait_op,
				     .ctx = l };
	void *mem;
	int chip;
	int fd;
	int st;

	memset(l, 0, sizeof(*l));
	l->c = c;
	if (!lock_chan(c)) {
		return false;
	}
	fd = open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0) {
		say("%s: cannot open /dev/mem: %s", c->name, strerror(errno));
		return false;
	}
	/* Linux's physical addresses are mica's IPAs for it. */
	mem = mmap(NULL, c->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   (off_t)c->ipa);
	close(fd);
	if (mem == MAP_FAILED) {
		say("%s: cannot map its memory (0x%llx, %llu bytes) from "
		    "/dev/mem: %s",
		    c->name, (unsigned long long)c->ipa,
		    (unsigned long long)c->size, strerror(errno));
		return false;
	}
	chip = open_chip(c);
	if (chip < 0) {
		say("%s: no GPIO chip for %s", c->name, c->node);
		return false;
	}
	l->lines = request_lines(chip);
	close(chip);
	if (l->lines < 0) {
		say("%s: cannot request its GPIO lines: %s", c->name,
		    strerror(errno));
		return false;
	}
	st = mica_ring_attach(&l->ring, mem, c->size, c->dir, c->side, &ops);
	if (st != MICA_RING_OK) {
		say("%s: cannot attach the ring (status %d)", c->name, st);
		return false;
	}
	return true;
}

/*
 * A failure that ends the command, said clearly; true for the statuses a
 * stream outlives (the peer went down, or came back as a new incarnation),
 * after saying what happened.
 */
static bool outlived(struct link *l, int st)
{
	const struct chan *c = l->c;

	switch (st) {
	case MICA_RING_PEER_DOWN:
		if (peer_up(l->lines) != 1) {
			peer_changed(l, false);
		} else if (!l->said_down && !l->said_closed) {
			/* It runs, but its ring is not up (yet): once. */
			say("%s: peer %s has not opened the channel", c->name,
			    c->peer);
			l->said_closed = true;
		}
		return true;
	case MICA_RING_PEER_RESET:
		say("%s: peer %s restarted (peer reset): messages in flight "
		    "were dropped",
		    c->name, c->peer);
		l->said_down = false; /* it runs: no "running again" */
		return true;
	case MICA_RING_CORRUPT:
		say("%s: the ring is corrupt: peer %s wrote values that break "
		    "the protocol",
		    c->name, c->peer);
		return false;
	case MICA_RING_TIMEOUT: say("%s: timed out", c->name); return false;
	default: say("%s: ring status %d", c->name, st); return false;
	}
}

/*
 * After PEER_DOWN: waits until the peer's ring is back (the peer-up line,
 * then its magic, which its init brings, is what the next call sees), in
 * slices, until the deadline. False when the deadline passed.
 */
static bool await_peer(struct link *l)
{
	uint64_t now = now_ms();
	int slice = 100;

	if (l->deadline_ms != 0) {
		if (now >= l->deadline_ms) {
			return false;
		}
		if (l->deadline_ms - now < (uint64_t)slice) {
			slice = (int)(l->deadline_ms - now);
		}
	}
	wait_edge(l, slice);
	return true;
}

/* The peer partition runs now; else says so. */
static bool check_peer(struct link *l)
{
	wait_edge(l, 0); /* edges from before: not news */
	l->said_down = false;
	if (peer_up(l->lines) == 1) {
		return true;
	}
	peer_changed(l, false);
	return false;
}

static int cmd_channels(void)
{
	printf("%-16s %-16s %8s  %-9s %s\n", "CHANNEL", "PEER", "SIZE",
	       "DIRECTION", "PEER-STATE");
	for (unsigned i = 0; i < chan_count; i++) {
		const struct chan *c = &chans[i];
		const char *state = "unknown";
		struct gpio_v2_line_request req;
		int chip = open_chip(c);

		/* peer-up alone, as an input: busy while a micactl has it. */
		memset(&req, 0, sizeof(req));
		req.offsets[0] = LINE_PEER_UP;
		req.num_lines = 1;
		snprintf(req.consumer, sizeof(req.consumer), "micactl");
		req.config.flags = GPIO_V2_LINE_FLAG_INPUT;
		if (chip >= 0 &&
		    ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) == 0) {
			struct gpio_v2_line_values v = { .mask = 1 };

			if (ioctl(req.fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) ==
			    0) {
				state = v.bits & 1 ? "up" : "down";
			}
			close(req.fd);
		} else if (chip >= 0 && errno == EBUSY) {
			state = "unknown (in use)";
		}
		if (chip >= 0) {
			close(chip);
		}
		printf("%-16s %-16s %8llu  %-9s %s\n", c->name, c->peer,
		       (unsigned long long)c->size, dir_name(c), state);
	}
	return 0;
}

/*
 * send_one()'s and recv_one()'s look at a ring call's status *st: true to
 * call again (the peer went down or restarted, said, and is back before
 * the deadline); false to return *st, which is MICA_RING_TIMEOUT if the
 * peer stayed down.
 */
static bool outlive(struct link *l, int *st)
{
	if (*st == MICA_RING_OK) {
		peer_changed(l, true);
		return false;
	}
	if (*st != MICA_RING_PEER_DOWN && *st != MICA_RING_PEER_RESET) {
		return false;
	}
	outlived(l, *st);
	if (*st == MICA_RING_PEER_DOWN && !await_peer(l)) {
		*st = MICA_RING_TIMEOUT;
		return false;
	}
	return true;
}

/*
 * Sends msg, outliving the peer's outages until the deadline: a new
 * incarnation of the peer gets the message again (it lost what was in
 * flight). Returns MICA_RING_OK or the status that ended it.
 */
static int send_one(struct link *l, const char *msg, size_t len)
{
	/* Each pass sends, or waits for room or for the peer (bounded). */
	for (;;) {
		int st;

		wait_edge(l, 0); /* what peer-up did since the last message */
		st = mica_ring_send_wait(&l->ring, msg, len, UINT32_MAX);
		if (!outlive(l, &st)) {
			return st;
		}
	}
}

static int cmd_send(const struct chan *c, unsigned timeout_s)
{
	struct link l;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!may_send(c)) {
		say("%s: Linux may only receive on this channel (%s sends)",
		    c->name, c->peer);
		return 1;
	}
	if (!open_link(&l, c) || !check_peer(&l)) {
		return 1;
	}
	/* One message per line, without its newline. */
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)n;
		int st;

		if (len > 0 && line[len - 1] == '\n') {
			len--;
		}
		if (len > mica_ring_max_msg(&l.ring)) {
			say("%s: a message of %zu bytes is too large: the "
			    "largest is %zu",
			    c->name, len, mica_ring_max_msg(&l.ring));
			rc = 1;
			break;
		}
		l.deadline_ms = deadline_in(timeout_s);
		st = send_one(&l, line, len);
		if (st != MICA_RING_OK) {
			outlived(&l, st);
			rc = 1;
			break;
		}
	}
	free(line);
	return rc;
}

/*
 * Receives one message into buf, outliving the peer's outages, until the
 * deadline. Returns MICA_RING_OK or the status that ended it.
 */
static int recv_one(struct link *l, char *buf, size_t cap, size_t *len)
{
	for (;;) {
		int st = mica_ring_recv_wait(&l->ring, buf, cap, len,
					     UINT32_MAX);

		if (!outlive(l, &st)) {
			return st;
		}
	}
}

/* Prints one message and a newline, at once (a pipe may be reading). */
static void print_msg(const char *buf, size_t len)
{
	fwrite(buf, 1, len, stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

static int cmd_recv(const struct chan *c, unsigned long count,
		    unsigned timeout_s)
{
	struct link l;
	char *buf;
	size_t cap;
	int rc = 0;

	if (!may_recv(c)) {
		say("%s: Linux may only send on this channel (%s receives)",
		    c->name, c->peer);
		return 1;
	}
	if (!open_link(&l, c) || !check_peer(&l)) {
		return 1;
	}
	cap = (size_t)l.ring.rx_size;
	buf = malloc(cap);
	if (buf == NULL) {
		say("%s: out of memory", c->name);
		return 1;
	}
	/* count 0: until killed, by design; each wait is a poll(). */
	for (unsigned long got = 0; count == 0 || got < count; got++) {
		size_t len;
		int st;

		l.deadline_ms = deadline_in(timeout_s);
		st = recv_one(&l, buf, cap, &len);
		if (st != MICA_RING_OK) {
			if (st == MICA_RING_TIMEOUT) {
				say("%s: no message within %u s", c->name,
				    timeout_s);
			} else {
				outlived(&l, st);
			}
			rc = 1;
			break;
		}
		print_msg(buf, len);
	}
	free(buf);
	return rc;
}

static int cmd_call(const struct chan *c, const char *msg, unsigned timeout_s)
{
	struct link l;
	size_t len = strlen(msg);
	char *buf;
	size_t got;
	int st;

	if (c->dir != MICA_CHAN_BOTH) {
		say("%s: a call needs a channel both ways; this one is %s "
		    "only for Linux",
		    c->name, dir_name(c));
		return 1;
	}
	if (!open_link(&l, c) || !check_peer(&l)) {
		return 1;
	}
	if (len > mica_ring_max_msg(&l.ring)) {
		say("%s: a message of %zu bytes is too large: the largest is "
		    "%zu",
		    c->name, len, mica_ring_max_msg(&l.ring));
		return 1;
	}
	buf = malloc((size_t)l.ring.rx_size);
	if (buf == NULL) {
		say("%s: out of memory", c->name);
		return 1;
	}
	/*
	 * A reply a timed-out call left behind is not this call's. Bounded:
	 * a peer that keeps sending gets its later messages taken as replies.
	 */
	for (unsigned k = 0;
	     k < 1024 && mica_ring_recv(&l.ring, buf, (size_t)l.ring.rx_size,
					&got) == MICA_RING_OK;
	     k++) {
	}
	l.deadline_ms = deadline_in(timeout_s);
	st = mica_ring_send_wait(&l.ring, msg, len, UINT32_MAX);
	if (st == MICA_RING_PEER_RESET) {
		outlived(&l, st);
		st = mica_ring_send_wait(&l.ring, msg, len, UINT32_MAX);
	}
	if (st == MICA_RING_OK) {
		st = mica_ring_recv_wait(&l.ring, buf, (size_t)l.ring.rx_size,
					 &got, UINT32_MAX);
	}
	if (st == MICA_RING_OK) {
		print_msg(buf, got);
	} else if (st == MICA_RING_TIMEOUT) {
		say("%s: no reply from %s within %u s", c->name, c->peer,
		    timeout_s);
	} else {
		outlived(&l, st);
	}
	free(buf);
	return st == MICA_RING_OK ? 0 : 1;
}

/* ns from a to b, at most UINT32_MAX (stats.h's samples are 32 bits). */
static uint32_t ns_between(const struct timespec *a, const struct timespec *b)
{
	int64_t ns = ((int64_t)b->tv_sec - a->tv_sec) * 1000000000 +
		     (b->tv_nsec - a->tv_nsec);

	return ns < 0 ? 0 : ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

/*
 * `call` count times after BENCH_WARMUP unrecorded ones, each timed with
 * CLOCK_MONOTONIC from before the send to after the reply; a reply must
 * be the message itself (an echo). Prints what tools/bench/bench.py
 * reads, as guests/xen-pingpong does, in ns ("counter" 10^9 Hz):
 * "micactl: call raw v ...", then "micactl: call samples N min ..".
 */
static int cmd_bench(const struct chan *c, const char *msg, unsigned long count,
		     unsigned timeout_s)
{
	struct link l;
	size_t len = strlen(msg);
	uint32_t *v = calloc(count, sizeof(*v));
	char *buf = NULL;
	char line[RAW_VALUES_MAX + 1];
	struct stats s;
	int st = MICA_RING_OK;
	uint32_t i = 0;

	if (v != NULL && c->dir == MICA_CHAN_BOTH && open_link(&l, c) &&
	    check_peer(&l) && len <= mica_ring_max_msg(&l.ring)) {
		buf = malloc((size_t)l.ring.rx_size);
	}
	if (buf == NULL) {
		say("%s: cannot time calls on it (a channel both ways, a peer "
		    "that runs, a message that fits)",
		    c->name);
		free(v);
		return 1;
	}
	for (unsigned long k = 0; k < BENCH_WARMUP + count; k++) {
		struct timespec t0;
		struct timespec t1;
		size_t got = 0;

		l.deadline_ms = deadline_in(timeout_s);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = mica_ring_send_wait(&l.ring, msg, len, UINT32_MAX);
		if (st == MICA_RING_OK) {
			st = mica_ring_recv_wait(&l.ring, buf,
						 (size_t)l.ring.rx_size, &got,
						 UINT32_MAX);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (st != MICA_RING_OK || got != len ||
		    memcmp(buf, msg, len) != 0) {
			say("%s: call %lu: %s", c->name, k,
			    st == MICA_RING_OK ?
				    "the reply is not the message" :
				    "no reply");
			st = MICA_RING_CORRUPT;
			break;
		}
		if (k >= BENCH_WARMUP) {
			v[k - BENCH_WARMUP] = ns_between(&t0, &t1);
		}
	}
	free(buf);
	if (st != MICA_RING_OK) {
		free(v);
		return 1;
	}
	printf("micactl: counter 1000000000 Hz\n");
	while (i < count) {
		uint32_t taken;

		*stats_format_raw(line, RAW_VALUES_MAX, v + i,
				  (uint32_t)count - i, &taken) = '\0';
		i += taken;
		printf("micactl: call raw%s\n", line);
	}
	stats_sort(v, (uint32_t)count);
	s = stats_summarise(v, (uint32_t)count);
	printf("micactl: call samples %u min %u mean %u p99 %u max %u "
	       "(ticks)\n",
	       s.count, s.min, s.mean, s.p99, s.max);
	free(v);
	return 0;
}

/*
 * An amount in major units, "12", "12.5" or "12.50", as minor units
 * (cents) in 1..PAY_AMOUNT_MAX; false for anything else ("12.5.0", "-3",
 * "1e3", "0", three decimals, too large).
 */
static bool parse_amount(const char *s, uint64_t *cents)
{
	uint64_t whole = 0;
	unsigned frac = 0;
	unsigned decimals = 0;
	size_t i = 0;

	for (; s[i] >= '0' && s[i] <= '9' && i < 7; i++) {
		whole = whole * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0) {
		return false;
	}
	if (s[i] == '.') {
		for (i++; s[i] >= '0' && s[i] <= '9' && decimals < 2;
		     i++, decimals++) {
			frac = frac * 10 + (unsigned)(s[i] - '0');
		}
		if (decimals == 0) {
			return false;
		}
	}
	frac *= decimals == 1 ? 10 : 1;
	*cents = whole * 100 + frac;
	return s[i] == '\0' && *cents >= 1 && *cents <= PAY_AMOUNT_MAX;
}

/* What a verdict says, in words; the caller prints its hex too. */
static void print_verdict(const struct pay_verdict *v)
{
	static const char *const refusals[] = {
		[PAY_BAD_LENGTH] = "wrong length",
		[PAY_BAD_MAGIC] = "not a request",
		[PAY_BAD_RESERVED] = "reserved field set",
		[PAY_BAD_ID] = "request id 0",
		[PAY_BAD_AMOUNT] = "bad amount",
		[PAY_BAD_CURRENCY] = "bad currency",
	};

	switch (v->outcome) {
	case PAY_APPROVED: printf("approved\n"); break;
	case PAY_DENIED:
		if (v->reason == PAY_REASON_CANCELLED) {
			printf("denied: cancelled (no try used)\n");
		} else if (v->reason == PAY_REASON_TIMEOUT) {
			printf("denied: no PIN in time (no try used)\n");
		} else {
			printf("denied: wrong PIN, %u %s left\n", v->tries_left,
			       v->tries_left == 1 ? "try" : "tries");
		}
		break;
	case PAY_LOCKED: printf("locked: no tries left\n"); break;
	default:
		if (v->reason == PAY_REASON_BUSY) {
			printf("refused: another payment is being entered\n");
		} else if (v->reason < sizeof(refusals) / sizeof(refusals[0]) &&
			   refusals[v->reason] != NULL) {
			printf("refused: malformed request (%s)\n",
			       refusals[v->reason]);
		} else {
			printf("refused: pin-entry could not check (reason "
			       "%u)\n",
			       v->reason);
		}
		break;
	}
}

/*
 * Sends a payment request on PAY_CHANNEL and waits for its verdict:
 * messages that are not a verdict for this request (a stale one, garbage)
 * are skipped, at most 1024 of them.
 */
static int cmd_pay(const char *amount, const char *currency, unsigned timeout_s)
{
	const struct chan *c = find_chan(PAY_CHANNEL);
	struct pay_request req = { .id = 0 };
	uint8_t out[PAY_REQUEST_SIZE];
	uint8_t in[PAY_VERDICT_SIZE];
	struct pay_verdict v;
	struct link l;
	size_t got = 0;
	int st = MICA_RING_TIMEOUT;

	if (c == NULL) {
		return 1;
	}
	if (!parse_amount(amount, &req.amount)) {
		say("pay: \"%s\" is not an amount from 0.01 to 999999.99 "
		    "(digits, at most two decimals)",
		    amount);
		return 1;
	}
	if (strlen(currency) != 3) {
		say("pay: \"%s\" is not a currency: 3 letters", currency);
		return 1;
	}
	for (unsigned i = 0; i < 3; i++) {
		req.currency[i] = (char)(currency[i] & ~0x20); /* upper case */
	}
	while (req.id == 0) {
		if (getrandom(&req.id, sizeof(req.id), 0) != sizeof(req.id)) {
			say("pay: getrandom: %s", strerror(errno));
			return 1;
		}
	}
	if (pay_request_encode(&req, out) != PAY_OK) {
		say("pay: \"%s\" is not a currency: 3 letters", currency);
		return 1;
	}
	if (!open_link(&l, c) || !check_peer(&l)) {
		return 1;
	}
	/* A verdict a timed-out pay left behind is not this one's. */
	for (unsigned k = 0;
	     k < 1024 &&
	     mica_ring_recv(&l.ring, in, sizeof(in), &got) != MICA_RING_EMPTY;
	     k++) {
	}
	l.deadline_ms = deadline_in(timeout_s);
	st = mica_ring_send_wait(&l.ring, out, sizeof(out), UINT32_MAX);
	if (st == MICA_RING_PEER_RESET) {
		outlived(&l, st);
		st = mica_ring_send_wait(&l.ring, out, sizeof(out), UINT32_MAX);
	}
	printf("pay %llu.%02llu %s, request %016llx: waiting for the PIN\n",
	       (unsigned long long)(req.amount / 100),
	       (unsigned long long)(req.amount % 100), req.currency,
	       (unsigned long long)req.id);
	fflush(stdout);
	for (unsigned k = 0; st == MICA_RING_OK && k < 1024; k++) {
		st = mica_ring_recv_wait(&l.ring, in, sizeof(in), &got,
					 UINT32_MAX);
		if (st == MICA_RING_BUF_SMALL) {
			say("pay: a message of %zu bytes from %s is no verdict",
			    got, c->peer);
			st = MICA_RING_CORRUPT;
		}
		if (st == MICA_RING_OK &&
		    pay_verdict_decode(in, got, &v) == PAY_OK &&
		    v.id == req.id) {
			break;
		}
	}
	if (st != MICA_RING_OK) {
		if (st == MICA_RING_TIMEOUT) {
			say("pay: no verdict from %s within %u s", c->peer,
			    timeout_s);
		} else {
			outlived(&l, st);
		}
		return 1;
	}
	print_verdict(&v);
	printf("verdict ");
	for (size_t i = 0; i < sizeof(in); i++) {
		printf("%02x", in[i]);
	}
	printf("\n");
	return v.outcome == PAY_APPROVED ? 0 : 1;
}

/*
 * Sends one message of the agent's protocol (docs/update.md): tag, a zero
 * word, then n bytes at body. MICA_RING_OK or the status that ended it.
 */
static int agent_send(struct link *l, const char *tag, const void *body,
		      size_t n)
{
	char *m = malloc(8 + n);
	int st;

	if (m == NULL) {
		return MICA_RING_TOO_LARGE;
	}
	memcpy(m, tag, 4);
	memset(m + 4, 0, 4);
	if (n > 0) {
		memcpy(m + 8, body, n);
	}
	st = mica_ring_send_wait(&l->ring, m, 8 + n, UINT32_MAX);
	if (st == MICA_RING_PEER_RESET) {
		outlived(l, st);
		st = mica_ring_send_wait(&l->ring, m, 8 + n, UINT32_MAX);
	}
	free(m);
	return st;
}

/*
 * Waits for the agent's one-line reply and prints it (unless quiet and it
 * says "ok:": the "ok: ready" of a transfer is no verdict). Returns 0 if
 * it says "ok:", 1 otherwise (said on standard error when none came). The
 * agent's refusals of messages that are no request ("error: not a
 * request") answer someone else's junk sent before ours, since micactl
 * sends only requests: skipped, as many as the ring can hold.
 */
static int agent_reply(struct link *l, unsigned timeout_s, bool quiet)
{
	static const char junk[] = "error: not a request";
	char buf[AGENT_REPLY_MAX];
	size_t got = 0;
	int st = MICA_RING_TIMEOUT;

	for (uint64_t k = 0; k <= l->ring.rx_size / MICA_RING_HDR_SIZE; k++) {
		st = mica_ring_recv_wait(&l->ring, buf, sizeof(buf), &got,
					 UINT32_MAX);
		if (st != MICA_RING_OK || got != sizeof(junk) - 1 ||
		    memcmp(buf, junk, got) != 0) {
			break;
		}
	}
	if (st == MICA_RING_TIMEOUT) {
		say("%s: no reply from %s within %u s", l->c->name, l->c->peer,
		    timeout_s);
		return 1;
	}
	if (st != MICA_RING_OK) {
		if (st == MICA_RING_BUF_SMALL) {
			say("%s: a reply of %zu bytes is no agent's line",
			    l->c->name, got);
		} else {
			outlived(l, st);
		}
		return 1;
	}
	if (got >= 3 && memcmp(buf, "ok:", 3) == 0) {
		if (!quiet) {
			print_msg(buf, got);
		}
		return 0;
	}
	print_msg(buf, got);
	return 1;
}

/* Reads the file at path whole (at most AGENT_FILE_MAX bytes), or NULL. */
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t cap = 0;

	*size = 0;
	if (f == NULL) {
		say("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;

		if (*size == cap) {
			uint8_t *nb;

			if (cap >= AGENT_FILE_MAX) {
				say("%s: larger than %u MiB", path,
				    AGENT_FILE_MAX >> 20);
				break;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(b, cap);
			if (nb == NULL) {
				say("%s: out of memory", path);
				break;
			}
			b = nb;
		}
		n = fread(b + *size, 1, cap - *size, f);
		*size += n;
		if (n == 0) {
			fclose(f);
			return b;
		}
	}
	fclose(f);
	free(b);
	return NULL;
}

/*
 * `update FILE` and `wipe FILE`: hands the file to the update agent over
 * AGENT_CHANNEL and prints its verdict: UBEG, its "ok: ready" (printed
 * only if it is a refusal), DATA chunks, UEND, its verdict (update); WIPE,
 * its verdict (wipe). The agent checks
 * everything; micactl only carries bytes. Exit 0 only on "ok:".
 */
static int cmd_agent(bool update, const char *path, unsigned timeout_s)
{
	const struct chan *c = find_chan(AGENT_CHANNEL);
	char junk[AGENT_REPLY_MAX];
	struct link l;
	uint8_t *file;
	size_t size;
	size_t got;
	int st;
	int rc = 1;

	if (c == NULL) {
		return 1;
	}
	file = read_file(path, &size);
	if (file == NULL) {
		return 1;
	}
	if (!open_link(&l, c) || !check_peer(&l)) {
		free(file);
		return 1;
	}
	/* Replies an earlier call or junk left are not ours: all of them. */
	for (uint64_t k = 0; k <= l.ring.rx_size / MICA_RING_HDR_SIZE &&
			     mica_ring_recv(&l.ring, junk, sizeof(junk),
					    &got) != MICA_RING_EMPTY;
	     k++) {
	}
	l.deadline_ms = deadline_in(timeout_s);
	if (!update) {
		st = agent_send(&l, "WIPE", file, size);
		rc = st == MICA_RING_OK ? agent_reply(&l, timeout_s, false) : 1;
	} else {
		uint64_t total = size;

		st = agent_send(&l, "UBEG", &total, sizeof(total));
		rc = st == MICA_RING_OK ? agent_reply(&l, timeout_s, true) : 1;
		for (size_t off = 0;
		     rc == 0 && st == MICA_RING_OK && off < size;
		     off += AGENT_CHUNK) {
			uint8_t m[8 + AGENT_CHUNK];
			size_t n = size - off < AGENT_CHUNK ? size - off :
							      AGENT_CHUNK;
			uint64_t o = off;

			memcpy(m, &o, 8);
			memcpy(m + 8, file + off, n);
			st = agent_send(&l, "DATA", m, 8 + n);
		}
		if (rc == 0 && st == MICA_RING_OK) {
			st = agent_send(&l, "UEND", NULL, 0);
			rc = st == MICA_RING_OK ?
				     agent_reply(&l, timeout_s, false) :
				     1;
		}
	}
	if (st != MICA_RING_OK) {
		if (st == MICA_RING_TIMEOUT) {
			say("%s: %s took nothing within %u s", c->name, c->peer,
			    timeout_s);
		} else {
			outlived(&l, st);
		}
		rc = 1;
	}
	free(file);
	return rc;
}

static const char usage[] =
	"usage: micactl [-t SECONDS] [-n COUNT] COMMAND [CHANNEL [MESSAGE]]\n"
	"\n"
	"Linux's side of mica's channels (docs/channels.md).\n"
	"\n"
	"  channels              each channel: name, peer partition, size in\n"
	"                        bytes, direction as Linux sees it (send,\n"
	"                        receive, both), and whether the peer runs\n"
	"  send CHANNEL          sends standard input, one message per line\n"
	"                        (without its newline)\n"
	"  recv CHANNEL          prints each message that arrives and a\n"
	"                        newline; sleeps on the doorbell between them\n"
	"  call CHANNEL MESSAGE  sends MESSAGE, prints the one reply\n"
	"  bench CHANNEL MESSAGE times COUNT calls to an echo (after 10),\n"
	"                        in ns: each, then min, mean, p99, max\n"
	"  pay AMOUNT [CURRENCY] asks pin-entry, over " PAY_CHANNEL
	", for the\n"
	"                        PIN of a payment (AMOUNT like 12.50, CURRENCY\n"
	"                        3 letters, default EUR); prints the verdict in\n"
	"                        words and its bytes in hex, for the payment\n"
	"                        processor's verifier (exit 0: approved)\n"
	"  update FILE           hands a signed update image (tools/mica-update)\n"
	"                        to the update agent over " AGENT_CHANNEL ";\n"
	"                        prints its verdict (exit 0: updated)\n"
	"  wipe FILE             the same for a signed wipe command (exit 0:\n"
	"                        wiped)\n"
	"\n"
	"  -n COUNT    recv: stop after COUNT messages (default: never);\n"
	"              bench: calls (default 1000, at most 100000)\n"
	"  -t SECONDS  give up after SECONDS without progress: a message to\n"
	"              send, one to receive, a reply (call: default 5;\n"
	"              pay, update, wipe: 120; others: wait for ever)\n"
	"\n"
	"send and recv outlive the peer's restarts: they say \"peer P is not\n"
	"running\", wait for it, and go on with its new incarnation (messages\n"
	"in flight are lost). Every command fails at once if the peer is not\n"
	"running when it starts. One micactl at a time per channel.\n"
	"Exit status: 0 done, 1 failed (said on standard error), 2 usage.\n";

/* A decimal argument in [0, max], or false. */
static bool parse_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return s[0] >= '0' && s[0] <= '9' && *end == '\0' && errno == 0 &&
	       *v <= max;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	unsigned long timeout = 0;
	bool timeout_set = false;
	const struct chan *c;
	const char *cmd;
	int opt_end = argc;
	int opt;

	/* pay's arguments are never options: "pay -3" is a bad amount. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "pay") == 0) {
			opt_end = i + 1;
			break;
		}
	}
	while ((opt = getopt(opt_end, argv, "hn:t:")) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (opt == 'n' && parse_num(optarg, ULONG_MAX, &count)) {
			continue;
		}
		if (opt == 't' && parse_num(optarg, 1000000, &timeout)) {
			timeout_set = true;
			continue;
		}
		fputs(usage, stderr);
		return 2;
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[optind++];
	scan_dt(DT_ROOT, DT_DEPTH);
	qsort(chans, chan_count, sizeof(chans[0]), by_node);
	if (strcmp(cmd, "channels") == 0 && optind == argc) {
		return cmd_channels();
	}
	if ((strcmp(cmd, "update") == 0 || strcmp(cmd, "wipe") == 0) &&
	    optind + 1 == argc) {
		return cmd_agent(strcmp(cmd, "update") == 0, argv[optind],
				 timeout_set ? (unsigned)timeout :
					       AGENT_TIMEOUT_S);
	}
	if (strcmp(cmd, "pay") == 0 && optind < argc && argc - optind <= 2) {
		return cmd_pay(argv[optind],
			       optind + 1 < argc ? argv[optind + 1] : "EUR",
			       timeout_set ? (unsigned)timeout : PAY_TIMEOUT_S);
	}
	if (optind >= argc ||
	    (strcmp(cmd, "send") != 0 && strcmp(cmd, "recv") != 0 &&
	     strcmp(cmd, "call") != 0 && strcmp(cmd, "bench") != 0)) {
		fputs(usage, stderr);
		return 2;
	}
	c = find_chan(argv[optind++]);
	if (c == NULL) {
		return 1;
	}
	if (strcmp(cmd, "call") == 0 && optind + 1 == argc) {
		return cmd_call(c, argv[optind],
				timeout_set ? (unsigned)timeout :
					      CALL_TIMEOUT_MS / 1000);
	}
	if (strcmp(cmd, "bench") == 0 && optind + 1 == argc) {
		if (count == 0) {
			count = BENCH_CALLS;
		}
		if (count > BENCH_CALLS_MAX) {
			fputs(usage, stderr);
			return 2;
		}
		return cmd_bench(c, argv[optind], count,
				 timeout_set ? (unsigned)timeout :
					       CALL_TIMEOUT_MS / 1000);
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(cmd, "send") == 0) {
		return cmd_send(c, (unsigned)timeout);
	}
	if (strcmp(cmd, "recv") == 0) {
		return cmd_recv(c, count, (unsigned)timeout);
	}
	fputs(usage, stderr);
	return 2;
}
