#ifndef COLLECT_REVEAL_CMD_H
#define COLLECT_REVEAL_CMD_H
/*
 * collect reveal: answers "what was this token?" from the kept map that
 * collect --redaction-map wrote, on the customer's side. Also reads the
 * map's passphrase for collect itself.
 */
#include <stdbool.h>
#include <stddef.h>

/* collect reveal --redaction-map FILE [--redaction-map-pass-file F]
 * TOKEN...; argv[0] is "reveal". Returns the exit status. */
int reveal_main(int argc, char **argv);

/* Reads a passphrase from the first line of 'file', or when 'file' is
 * NULL from the terminal with echo off ('confirm': asked twice). Returns
 * 0 with 'buf' (NUL-terminated, *len bytes), or -1 with 'msg' set. */
int read_passphrase(const char *file, bool confirm, char *buf, size_t cap,
                    size_t *len, char *msg, size_t n);

#endif
