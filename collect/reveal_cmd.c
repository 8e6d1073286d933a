#include "reveal_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "sb_redact_map.h"

static int tty_line(FILE *tty, const char *prompt, char *buf, size_t cap)
{
    struct termios old, quiet;
    int got;

    fputs(prompt, tty);
    fflush(tty);
    if (tcgetattr(fileno(tty), &old))
        return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    got = fgets(buf, (int)cap, tty) != NULL;
    tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fputc('\n', tty);
    if (!got)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

int read_passphrase(const char *file, bool confirm, char *buf, size_t cap,
                    size_t *len, char *msg, size_t n)
{
    char again[1024];
    FILE *f;
    int rc = 0;

    if (file) {
        f = fopen(file, "r");
        if (!f) {
            snprintf(msg, n, "cannot read '%s': %s", file, strerror(errno));
            return -1;
        }
        if (!fgets(buf, (int)cap, f))
            buf[0] = '\0';
        fclose(f);
        buf[strcspn(buf, "\r\n")] = '\0';
    } else {
        f = fopen("/dev/tty", "r+");
        if (!f) {
            snprintf(msg, n, "no terminal to ask the redaction map's "
                     "passphrase on: give --redaction-map-pass-file");
            return -1;
        }
        rc = tty_line(f, "redaction map passphrase: ", buf, cap);
        if (!rc && confirm) {
            rc = tty_line(f, "again: ", again, sizeof(again));
            if (!rc && strcmp(buf, again)) {
                snprintf(msg, n, "the two passphrases differ");
                rc = -1;
            }
            OPENSSL_cleanse(again, sizeof(again));
        }
        fclose(f);
        if (rc) {
            if (!msg[0])
                snprintf(msg, n, "cannot read the passphrase");
            return -1;
        }
    }
    *len = strlen(buf);
    if (!*len) {
        snprintf(msg, n, "the redaction map's passphrase is empty");
        return -1;
    }
    return 0;
}

/* The value, its control characters escaped: it goes to a terminal. */
static void print_escaped(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '\\')
            fputs("\\\\", stdout);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

int reveal_main(int argc, char **argv)
{
    const char *map_path = NULL, *pass_file = NULL, *v;
    char pass[1024], msg[512] = "";
    struct sb_err err = SB_ERR_INIT;
    size_t plen = 0;
    cJSON *map = NULL;
    int i, first = 0, status = 0;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--redaction-map") && i + 1 < argc)
            map_path = argv[++i];
        else if (!strncmp(argv[i], "--redaction-map=", 16))
            map_path = argv[i] + 16;
        else if (!strcmp(argv[i], "--redaction-map-pass-file") &&
                 i + 1 < argc)
            pass_file = argv[++i];
        else if (!strncmp(argv[i], "--redaction-map-pass-file=", 26))
            pass_file = argv[i] + 26;
        else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "collect: reveal: unknown option '%s'\n",
                    argv[i]);
            return 2;
        } else if (!first)
            first = i;
    }
    if (!map_path || !first) {
        fputs("usage: collect reveal --redaction-map FILE "
              "[--redaction-map-pass-file F] TOKEN...\n", stderr);
        return 2;
    }
    if (read_passphrase(pass_file, false, pass, sizeof(pass), &plen, msg,
                        sizeof(msg))) {
        fprintf(stderr, "collect: reveal: %s\n", msg);
        return 1;
    }
    if (sb_redact_map_read(map_path, pass, plen, &map, &err)) {
        OPENSSL_cleanse(pass, sizeof(pass));
        fprintf(stderr, "collect: reveal: %s\n", err.msg);
        return 1;
    }
    OPENSSL_cleanse(pass, sizeof(pass));
    for (i = first; i < argc; i++) {
        if (!strcmp(argv[i], "--redaction-map") ||
            !strcmp(argv[i], "--redaction-map-pass-file")) {
            i++;
            continue;
        }
        if (argv[i][0] == '-')
            continue;
        v = sb_redact_map_lookup(map, argv[i]);
        if (!v) {
            fprintf(stderr, "collect: reveal: no token '%s' in '%s'\n",
                    argv[i], map_path);
            status = 1;
            continue;
        }
        printf("%s\t", argv[i]);
        print_escaped(v);
        putchar('\n');
    }
    cJSON_Delete(map);
    return status;
}
