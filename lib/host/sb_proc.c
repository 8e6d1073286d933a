#include "sb_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sb_time.h"

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* In the child: only async-signal-safe calls until exec. */
static void child(char *const argv[], const struct sb_proc_opts *o,
                  int out_fd, int err_fd, int status_fd)
{
    int null_fd = open("/dev/null", O_RDONLY), e;

    setpgid(0, 0);
    if (null_fd >= 0)
        dup2(null_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    if (o->chroot_dir && strcmp(o->chroot_dir, "/")) {
        if (chroot(o->chroot_dir) == 0) {
            if (chdir("/") != 0)
                _exit(126);
        } else {
            static const char msg[] = "cannot chroot to the host root; "
                                      "running the tool from this image\n";
            ssize_t w = write(2, msg, sizeof(msg) - 1);

            (void)w;
        }
    }
    execvp(argv[0], argv);
    e = errno;
    if (write(status_fd, &e, sizeof(e)) < 0)
        _exit(127);
    _exit(127);
}

/* Appends 'n' bytes, or what fits under b->max and sets *truncated
 * (may be NULL). Returns 0 or SB_E_NOMEM: only running out of memory
 * loses output that was asked for. */
static int add_capped(struct sb_buf *b, const char *p, size_t n,
                      bool *truncated)
{
    size_t room;
    int rc = sb_buf_add(b, p, n);

    if (rc != SB_E_TOOBIG)
        return rc;
    room = b->max > b->len ? b->max - b->len : 0;
    if (room && (rc = sb_buf_add(b, p, room < n ? room : n)))
        return rc;
    if (truncated)
        *truncated = true;
    return 0;
}

/* Reads what is there into 'b' (or drops it past the cap). Returns 1
 * while there may be more, 0 at end of file or on a read error, or
 * SB_E_NOMEM. */
static int drain(int fd, struct sb_buf *b, bool *truncated)
{
    char chunk[16384];
    ssize_t n = read(fd, chunk, sizeof(chunk));
    int rc;

    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (n <= 0)
        return 0;
    if (b && (rc = add_capped(b, chunk, (size_t)n, truncated)))
        return rc;
    return 1;
}

/* Returns 0, or SB_E_NOMEM after killing the child: its output could
 * not be kept. */
static int pump(pid_t pid, int *out_fd, int *err_fd, int64_t deadline,
                volatile sig_atomic_t *stop, struct sb_buf *out,
                struct sb_buf *errout, struct sb_proc_result *res)
{
    int failed = 0;

    while (*out_fd >= 0 || *err_fd >= 0) {
        struct pollfd p[2];
        int64_t left = deadline - sb_time_mono_ms();
        int n = 0, i, rc;

        if (stop && *stop) {
            res->stopped = true;
            left = 0;
        }
        if (left <= 0) {
            res->timed_out = !res->stopped;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            break;
        }
        if (*out_fd >= 0)
            p[n++] = (struct pollfd){ *out_fd, POLLIN, 0 };
        if (*err_fd >= 0)
            p[n++] = (struct pollfd){ *err_fd, POLLIN, 0 };
        /* short waits: a signal's flag is seen within 100 ms */
        rc = poll(p, (nfds_t)n, left > 100 ? 100 : (int)left);
        if (rc < 0 && errno != EINTR)
            break;
        for (i = 0; rc > 0 && i < n; i++) {
            bool is_out = p[i].fd == *out_fd;

            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            rc = drain(p[i].fd, is_out ? out : errout,
                       is_out ? &res->truncated : NULL);
            if (rc < 0 && !failed) {
                failed = rc;
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
            }
            if (rc <= 0)
                close_fd(is_out ? out_fd : err_fd);
        }
    }
    return failed;
}

/* Waits for the child; after the pipes closed it may still be running
 * (it closed them itself), so the deadline applies here too. */
static void reap(pid_t pid, int64_t deadline, volatile sig_atomic_t *stop,
                 struct sb_proc_result *res)
{
    int status = 0;
    pid_t r;

    for (;;) {
        r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            break;
        if (r == 0 && !res->timed_out && !res->stopped &&
            (sb_time_mono_ms() >= deadline || (stop && *stop))) {
            res->stopped = stop && *stop;
            res->timed_out = !res->stopped;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
        }
        if (r == 0)
            usleep(2000);
    }
    if (r == pid && WIFEXITED(status)) {
        res->exit_code = WEXITSTATUS(status);
    } else if (r == pid && WIFSIGNALED(status)) {
        res->signal = WTERMSIG(status);
        res->exit_code = -1;
    }
    /* the tool's own children may still hold on: end the group */
    if (res->timed_out || res->stopped)
        kill(-pid, SIGKILL);
}

int sb_proc_run(char *const argv[], const struct sb_proc_opts *o,
                struct sb_buf *out, struct sb_buf *errout,
                struct sb_proc_result *res, struct sb_err *err)
{
    int out_p[2] = { -1, -1 }, err_p[2] = { -1, -1 }, st_p[2] = { -1, -1 };
    struct sb_buf errkeep = SB_BUF_INIT(o->stderr_max ? o->stderr_max : 8192);
    int64_t start = sb_time_mono_ms(), deadline = start + o->timeout_ms;
    pid_t pid;
    int rc = 0, e;
    ssize_t n;

    memset(res, 0, sizeof(*res));
    res->exit_code = -1;
    if (pipe2(out_p, O_CLOEXEC) || pipe2(err_p, O_CLOEXEC) ||
        pipe2(st_p, O_CLOEXEC)) {
        rc = sb_err_set(err, SB_E_IO, "cannot run '%s': pipe: %s", argv[0],
                        strerror(errno));
        goto cleanup;
    }
    pid = fork();
    if (pid < 0) {
        rc = sb_err_set(err, SB_E_IO, "cannot run '%s': fork: %s", argv[0],
                        strerror(errno));
        goto cleanup;
    }
    if (pid == 0)
        child(argv, o, out_p[1], err_p[1], st_p[1]);
    setpgid(pid, pid);  /* also here: no race with kill(-pid) */
    close_fd(&out_p[1]);
    close_fd(&err_p[1]);
    close_fd(&st_p[1]);
    rc = pump(pid, &out_p[0], &err_p[0], deadline, o->stop, out, &errkeep,
              res);
    reap(pid, deadline, o->stop, res);
    n = read(st_p[0], &e, sizeof(e));
    if (n == (ssize_t)sizeof(e)) {
        res->not_found = true;
        res->exec_errno = e;
        res->exit_code = -1;
    }
    res->duration_ms = sb_time_mono_ms() - start;
    if (!rc && errout && errkeep.len)
        rc = add_capped(errout, errkeep.data, errkeep.len, NULL);
    if (rc)
        rc = sb_err_set(err, rc, "cannot keep the output of '%s': %s",
                        argv[0], sb_err_str(rc));
cleanup:
    close_fd(&out_p[0]);
    close_fd(&out_p[1]);
    close_fd(&err_p[0]);
    close_fd(&err_p[1]);
    close_fd(&st_p[0]);
    close_fd(&st_p[1]);
    sb_buf_release(&errkeep);
    return rc;
}

void sb_proc_describe(const struct sb_proc_result *res, char *buf,
                      size_t cap)
{
    if (res->not_found)
        snprintf(buf, cap, "cannot run: %s", strerror(res->exec_errno));
    else if (res->stopped)
        snprintf(buf, cap, "stopped by a signal after %lld ms",
                 (long long)res->duration_ms);
    else if (res->timed_out)
        snprintf(buf, cap, "timed out after %lld ms",
                 (long long)res->duration_ms);
    else if (res->signal)
        snprintf(buf, cap, "killed by signal %d", res->signal);
    else if (res->exit_code)
        snprintf(buf, cap, "exit status %d", res->exit_code);
    else
        snprintf(buf, cap, "%s", "");
}
