// SPDX-License-Identifier: Apache-2.0
/*
 * Runs a libFuzzer target, FUZZ_NAME at FUZZ_BIN (fuzz_micacfg; libmica's
 * fuzz_ring), for a bounded run (FUZZ_RUNS executions, at most FUZZ_MAX_S
 * seconds, seed 1) from its seed corpus FUZZ_CORPUS, and reports it as one
 * TAP case for the project's runner. New inputs go to a temporary
 * directory, as do crash artifacts, so the repository's corpus is read,
 * never written. A crash, sanitizer report or leak fails the case with the
 * fuzzer's output and the input that did it, kept in the temporary
 * directory for reproducing.
 */
#define _XOPEN_SOURCE 700 /* nftw() */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined(FUZZ_NAME) || !defined(FUZZ_BIN) || !defined(FUZZ_CORPUS) || \
	!defined(FUZZ_RUNS) || !defined(FUZZ_MAX_S)
#error "the build defines FUZZ_NAME, FUZZ_BIN, FUZZ_CORPUS, FUZZ_RUNS, FUZZ_MAX_S"
#endif

#define NAME FUZZ_NAME " bounded run"
#define TAIL_LINES 40

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Prints the last TAIL_LINES lines of text as TAP comments. */
static void print_tail(const char *text)
{
	const char *p = text + strlen(text);
	unsigned lines = 0;

	while (p > text && lines <= TAIL_LINES) {
		p--;
		lines += *p == '\n';
	}
	if (*p == '\n') {
		p++;
	}
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");

		printf("# %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* The whole of a file, NUL-terminated; "" if it cannot be read. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	size_t cap = 0;
	size_t n;
	char chunk[4096];

	while (f != NULL && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = 2 * (len + n + 1);
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				return calloc(1, 1);
			}
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (f != NULL) {
		fclose(f);
	}
	if (buf == NULL) {
		return calloc(1, 1);
	}
	buf[len] = '\0';
	return buf;
}

int main(void)
{
	char dir[] = "/tmp/" FUZZ_NAME ".XXXXXX";
	char out_corpus[64];
	char artifacts[64];
	char log[64];
	unsigned long long runs = 0;
	unsigned long long secs = 0;
	const char *done;
	char *text;
	bool ok;
	pid_t pid;
	int status;

	printf("1..1\n");
	fflush(stdout);
	if (mkdtemp(dir) == NULL) {
		printf("not ok 1 - " NAME "\n# mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	snprintf(out_corpus, sizeof(out_corpus), "%s/corpus", dir);
	snprintf(artifacts, sizeof(artifacts), "-artifact_prefix=%s/", dir);
	snprintf(log, sizeof(log), "%s/log", dir);
	if (mkdir(out_corpus, 0700) != 0) {
		printf("not ok 1 - " NAME "\n# mkdir: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
			_exit(127);
		}
		close(fd);
		/* The first directory takes new inputs; the second is read only. */
		execl(FUZZ_BIN, FUZZ_BIN, "-runs=" FUZZ_RUNS,
		      "-max_total_time=" FUZZ_MAX_S, "-seed=1", "-timeout=10",
		      "-print_final_stats=1", artifacts, out_corpus,
		      FUZZ_CORPUS, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("not ok 1 - " NAME "\n# cannot run %s\n", FUZZ_BIN);
		return 1;
	}
	text = slurp(log);
	done = strstr(text, "Done ");
	if (done != NULL) {
		sscanf(done, "Done %llu runs in %llu second", &runs, &secs);
	}
	ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && done != NULL;
	printf("%s 1 - " NAME "\n", ok ? "ok" : "not ok");
	printf("# %llu executions in %llu s from %s\n", runs, secs,
	       FUZZ_CORPUS);
	if (!ok) {
		if (WIFEXITED(status)) {
			printf("# %s exited with status %d\n", FUZZ_BIN,
			       WEXITSTATUS(status));
		} else {
			printf("# %s killed by signal %d\n", FUZZ_BIN,
			       WTERMSIG(status));
		}
		print_tail(text);
		printf("# its inputs and output are kept in %s\n", dir);
	} else {
		nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	}
	free(text);
	return ok ? 0 : 1;
}
