#ifndef SB_PROC_H
#define SB_PROC_H
/*
 * Running a tool (nvidia-smi, dmesg, journalctl) without a shell: fork,
 * optional chroot, execvp (PATH lookup, so tests can put stand-ins first),
 * stdout and stderr read through pipes under a deadline and a size cap.
 * A command that runs past its deadline is killed with its whole process
 * group, so a hung tool never hangs the collector. The caller's SIGCHLD
 * disposition must not be SIG_IGN (waitpid needs the child's status).
 */
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_buf.h"
#include "sb_err.h"

struct sb_proc_opts {
    int64_t timeout_ms;     /* > 0; the child is killed past it */
    const char *chroot_dir; /* NULL or "/": none; else chroot there first,
                               running without it when that is refused */
    size_t stderr_max;      /* bytes of stderr kept; 0: 8 KiB */
    volatile sig_atomic_t *stop;    /* when set (SIGINT, SIGTERM) the
                                       child is killed as at its deadline;
                                       may be NULL */
};

struct sb_proc_result {
    int exit_code;          /* exit status; -1 when killed or not run */
    int signal;             /* the signal that ended it, else 0 */
    bool timed_out;         /* killed at the deadline */
    bool stopped;           /* killed because 'stop' was set */
    bool not_found;         /* execvp failed: 'exec_errno' says why */
    int exec_errno;
    bool truncated;         /* stdout passed out->max; the rest dropped */
    int64_t duration_ms;
};

/* Runs argv[0] with 'argv' (NULL-terminated), stdin from /dev/null.
 * Appends stdout to 'out' (up to out->max; more is read and dropped,
 * 'truncated' set) and stderr to 'errout' (may be NULL). Returns 0 when
 * the command ran (whatever its exit status: look at 'res'), or a
 * negative code when it could not be started (pipe, fork) or its output
 * could not be kept (out of memory: the child is killed); 'err' set. */
int sb_proc_run(char *const argv[], const struct sb_proc_opts *o,
                struct sb_buf *out, struct sb_buf *errout,
                struct sb_proc_result *res, struct sb_err *err);

/* One line describing how it ended, for a manifest: "exit status 3",
 * "timed out after 5000 ms", "stopped by a signal after 120 ms", "not found: No such file or directory",
 * "killed by signal 9", "" for success. */
void sb_proc_describe(const struct sb_proc_result *res, char *buf,
                      size_t cap);

#endif
