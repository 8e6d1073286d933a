#include "reveal_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "sb_alloc.h"
#include "sb_opt.h"
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

enum { R_MAP, R_PASS_FILE };

static const struct sb_opt reveal_opts[] = {
    { "redaction-map", 0, SB_OPT_REQUIRED, R_MAP },
    { "redaction-map-pass-file", 0, SB_OPT_REQUIRED, R_PASS_FILE },
};

int reveal_main(int argc, char **argv)
{
    const char *map_path = NULL, *pass_file = NULL, *v;
    char pass[1024], msg[512] = "";
    struct sb_err err = SB_ERR_INIT;
    struct sb_optparse p;
    size_t plen = 0, i, ntokens = 0;
    const char **tokens;
    cJSON *map = NULL;
    int id, status = 0;

    /* the tokens, in order; never more than argc of them */
    tokens = sb_calloc(argc > 0 ? (size_t)argc : 1, sizeof(*tokens));
    if (!tokens) {
        fputs("collect: reveal: out of memory\n", stderr);
        return 1;
    }
    sb_opt_init(&p, reveal_opts, sizeof(reveal_opts) / sizeof(reveal_opts[0]),
                argc, argv, 1);
    while ((id = sb_opt_next(&p)) != SB_OPT_END) {
        if (id == SB_OPT_ERROR) {
            fprintf(stderr, "collect: reveal: %s\n", p.msg);
            sb_free(tokens);
            return 2;
        }
        if (id == SB_OPT_OPERAND)
            tokens[ntokens++] = p.value;
        else if (id == R_MAP)
            map_path = p.value;
        else
            pass_file = p.value;
    }
    if (!map_path || !ntokens) {
        sb_free(tokens);
        fputs("usage: collect reveal --redaction-map FILE "
              "[--redaction-map-pass-file F] TOKEN...\n", stderr);
        return 2;
    }
    if (read_passphrase(pass_file, false, pass, sizeof(pass), &plen, msg,
                        sizeof(msg))) {
        fprintf(stderr, "collect: reveal: %s\n", msg);
        sb_free(tokens);
        return 1;
    }
    if (sb_redact_map_read(map_path, pass, plen, &map, &err)) {
        OPENSSL_cleanse(pass, sizeof(pass));
        fprintf(stderr, "collect: reveal: %s\n", err.msg);
        sb_free(tokens);
        return 1;
    }
    OPENSSL_cleanse(pass, sizeof(pass));
    for (i = 0; i < ntokens; i++) {
        v = sb_redact_map_lookup(map, tokens[i]);
        if (!v) {
            fprintf(stderr, "collect: reveal: no token '%s' in '%s'\n",
                    tokens[i], map_path);
            status = 1;
            continue;
        }
        printf("%s\t", tokens[i]);
        print_escaped(v);
        putchar('\n');
    }
    cJSON_Delete(map);
    sb_free(tokens);
    return status;
}
